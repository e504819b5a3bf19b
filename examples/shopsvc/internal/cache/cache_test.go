package cache

import (
	"strconv"
	"testing"
)

func TestLRUEvictsOldest(t *testing.T) {
	c := NewLRU[string, int](2)
	c.Put("a", 1)
	c.Put("b", 2)
	if v, ok := c.Get("a"); !ok || v != 1 {
		t.Fatalf("Get(a) = %d, %v", v, ok)
	}
	c.Put("c", 3) // evicts b, the least recently used
	if _, ok := c.Get("b"); ok {
		t.Error("b should have been evicted")
	}
	if c.Len() != 2 {
		t.Errorf("Len() = %d", c.Len())
	}
	hits, misses, unread := c.Stats()
	if hits != 1 || misses != 1 || unread != 1 {
		t.Errorf("Stats() = %d, %d, %d", hits, misses, unread)
	}
}

func TestMemo(t *testing.T) {
	m := NewMemo()
	calls := 0
	f := func() string { calls++; return "v" }
	if m.Get("k", f) != "v" || m.Get("k", f) != "v" || calls != 1 || m.Len() != 1 {
		t.Errorf("calls = %d, len = %d", calls, m.Len())
	}
}

var keys = func() []string {
	k := make([]string, 1024)
	for i := range k {
		k[i] = "SKU-" + strconv.Itoa(i)
	}
	return k
}()

func BenchmarkCacheGet(b *testing.B) {
	b.Run("LRU", func(b *testing.B) {
		c := NewLRU[string, int](len(keys))
		for i, k := range keys {
			c.Put(k, i)
		}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			c.Get(keys[i%len(keys)])
			i++
		}
	})
	b.Run("Memo", func(b *testing.B) {
		m := NewMemo()
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			k := keys[i%len(keys)]
			m.Get(k, func() string { return k })
			i++
		}
	})
}
