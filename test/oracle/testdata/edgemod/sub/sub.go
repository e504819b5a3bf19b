// Package other lives in directory sub: the package name differs from the directory name.
package other

type Loose struct {
	a bool
	b float64
	c bool
}
