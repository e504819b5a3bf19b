package preallocslice

import "strconv"

// Slots names the n worker slots using a range over an int (Go 1.22+).
func Slots(n int) []string {
	var slots []string
	for i := range n {
		slots = append(slots, "slot-"+strconv.Itoa(i)) //accuracy: prealloc-slice yes
	}
	return slots
}

// PriceCents converts a price table keyed by SKU to a slice of cents.
func PriceCents(prices map[string]float64) []int64 {
	cents := []int64{}
	for _, p := range prices {
		cents = append(cents, int64(p*100)) //accuracy: prealloc-slice yes
	}
	return cents
}

// Expand appends a fixed pair per product: two appends per iteration, still known up front.
func Expand(ps []Product) []string {
	var cells []string
	for _, p := range ps {
		cells = append(cells, p.Name, p.Category) //accuracy: prealloc-slice yes
	}
	return cells
}
