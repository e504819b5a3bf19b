package edge

import "sync/atomic"

// Big is above the largest size class: fieldalignment prints "(uses global allocator)".
type Big struct {
	a   bool
	buf [40000]byte
	n   int64
	b   bool
}

// Many has more than 12 fields of the same shape, so Go's unstable sort.Slice (pdqsort) decides
// the order among equals: a faithful reimplementation must reproduce it exactly.
type Many struct {
	f00 bool
	p00 *int
	f01 int32
	f02 bool
	p01 *int
	f03 int16
	f04 bool
	s00 string
	f05 int64
	f06 bool
	p02 *int
	f07 int32
	f08 bool
	p03 *int
	f09 int16
	f10 bool
	s01 string
	f11 int64
	f12 bool
	i00 any
	f13 uint8
}

// Counters mixes 64-bit atomics (8-aligned by the compiler even on 32-bit platforms) with
// small fields.
type Counters struct {
	ok    bool
	hits  atomic.Uint64
	flag  bool
	miss  atomic.Int64
	small int32
}

type Complexes struct {
	a int8
	c complex64
	b int8
	d complex128
	e int16
}

// WithNested holds a complex64 inside a named struct type.
type WithNested struct {
	x bool
	p Point
	y bool
}

type Point struct {
	re, im float32
	c      complex64
}

type Arrays struct {
	small bool
	items [3]struct {
		on  bool
		val int64
		tag bool
	}
	list []struct {
		a bool
		b *int
		c bool
	}
	ptr *struct {
		a bool
		b int32
		c bool
	}
	big bool
}

var Global struct {
	a bool
	b int64
	c bool
}

type Empty struct{}

type OnlyZero struct {
	a struct{}
	b [0]int64
}

type PtrTail struct {
	n int64
	b bool
	p *int
}

type fnAndChan struct {
	done bool
	fn   func()
	ch   chan int
	id   int16
	m    map[string]int
}
