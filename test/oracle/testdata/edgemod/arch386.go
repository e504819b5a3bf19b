//go:build 386

package edge

// Only386 exists on 386 only.
type Only386 struct {
	a bool
	b int64
	c bool
	d int32
}
