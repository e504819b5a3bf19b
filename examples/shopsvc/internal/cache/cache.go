// Package cache provides the in-memory caches of the service.
package cache

import (
	"container/list"
	"sync"
)

// LRU is a least-recently-used cache holding at most a fixed number of
// entries. It is safe for concurrent use.
type LRU[K comparable, V any] struct {
	ll    *list.List
	items map[K]*list.Element

	mu     sync.Mutex // guards the fields above and the counters below
	max    int
	hits   int64
	misses int64
}

type entry[K comparable, V any] struct {
	reused bool // read at least once since it was stored
	key    K
	value  V
}

// NewLRU returns a cache that holds up to max entries.
func NewLRU[K comparable, V any](max int) *LRU[K, V] {
	return &LRU[K, V]{
		ll:    list.New(),
		items: make(map[K]*list.Element, max),
		max:   max,
	}
}

// Get returns the value stored under key.
func (c *LRU[K, V]) Get(key K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.hits++
		c.ll.MoveToFront(el)
		e := el.Value.(*entry[K, V])
		e.reused = true
		return e.value, true
	}
	c.misses++
	var zero V
	return zero, false
}

// Put stores value under key, evicting the least recently used entry when
// the cache is full.
func (c *LRU[K, V]) Put(key K, value V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		el.Value = &entry[K, V]{key: key, value: value}
		c.ll.MoveToFront(el)
		return
	}
	c.items[key] = c.ll.PushFront(&entry[K, V]{key: key, value: value})
	for c.ll.Len() > c.max {
		oldest := c.ll.Back()
		c.ll.Remove(oldest)
		delete(c.items, oldest.Value.(*entry[K, V]).key)
	}
}

// Len returns the number of cached entries.
func (c *LRU[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len()
}

// Stats returns the hit and miss counts since the cache was created, and how
// many of the cached entries were never read.
func (c *LRU[K, V]) Stats() (hits, misses int64, unread int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for el := c.ll.Front(); el != nil; el = el.Next() {
		if !el.Value.(*entry[K, V]).reused {
			unread++
		}
	}
	return c.hits, c.misses, unread
}

// Memo remembers the result of an expensive string computation per key,
// e.g. the ETag of an encoded order.
type Memo struct {
	m  map[string]string
	mu sync.RWMutex
}

// NewMemo returns an empty Memo.
func NewMemo() *Memo { return &Memo{m: make(map[string]string)} }

// Get returns the value for key, computing and remembering it on first use.
func (m *Memo) Get(key string, compute func() string) string {
	m.mu.RLock()
	v, ok := m.m[key]
	m.mu.RUnlock()
	if ok {
		return v
	}
	v = compute()
	m.mu.Lock()
	m.m[key] = v
	m.mu.Unlock()
	return v
}

// Len returns the number of remembered keys.
func (m *Memo) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.m)
}
