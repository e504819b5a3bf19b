package preallocmap

import "strconv"

// Partitions maps partition numbers to names using a range over an int.
func Partitions(n int) map[int]string {
	parts := make(map[int]string)
	for i := range n {
		parts[i] = "p" + strconv.Itoa(i) //accuracy: prealloc-map yes
	}
	return parts
}
