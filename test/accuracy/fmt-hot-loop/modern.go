package fmthotloop

import "fmt"

// Partitions names n partitions with a range over an int.
func Partitions(n int) []string {
	out := make([]string, 0, n)
	for i := range n {
		out = append(out, fmt.Sprintf("part-%d", i)) //accuracy: fmt-hot-loop yes
	}
	return out
}

// Weekdays labels the seven days: a small constant trip count.
func Weekdays() []string {
	out := make([]string, 0, 7)
	for d := range 7 {
		out = append(out, fmt.Sprintf("day-%d", d)) //accuracy: fmt-hot-loop no
	}
	return out
}
