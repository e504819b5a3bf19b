package edge

import (
	"structs"
	"sync"
	"sync/atomic"
)

type Bad struct {
	a bool
	b int64
	c bool
}

type Multi struct {
	a, b bool
	c    int64
	d, e bool `x:"d"`
}

type Embedded struct {
	flag bool
	sync.Mutex
	*Bad
	n  int64
	ok bool
	List[int]
}

type List[T any] struct {
	ok   bool
	v    T
	next *List[T]
	n    int32
}

type Nested struct {
	a     bool
	inner struct {
		x bool
		y int64
		z bool
	}
	b int32
	p *int
}

type C64 struct {
	a int32
	c complex64
	b int32
}

type At struct {
	a bool
	n atomic.Int64
	b bool
}

type Host struct {
	_ structs.HostLayout
	a bool
	b int64
	c bool
}

//heapwise:layout fixed
type Fixed struct {
	a bool
	b int64
	c bool
}

type Alias = struct {
	a bool
	b int64
	c bool
}

type (
	InGroup struct {
		a bool
		b *int
		c bool
		d string
	}
	Blank struct {
		_ [0]func()
		a bool
		_ int64
		c bool
	}
)

var Anon = struct {
	a bool
	b int64
	c bool
}{}

func f() {
	type local struct {
		a bool
		b int64
		c bool
	}
	_ = local{}
}

type Ptrs struct {
	n int64
	s string
	m map[int]int
}

type ZeroTail struct {
	a int64
	b bool
	z struct{}
}
type ZeroTail2 struct {
	z struct{}
	a int64
	b bool
	c [0]int64
}
