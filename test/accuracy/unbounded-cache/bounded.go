package unboundedcache

import (
	"container/list"
	"mime"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"time"
)

type LRU struct {
	mu    sync.Mutex
	max   int
	order *list.List
	items map[string]*list.Element
}

type lruEntry struct {
	key string
	val []byte
}

// Add inserts a key and evicts the least recently used one past the limit.
func (c *LRU) Add(key string, val []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.order.MoveToFront(e)
		e.Value.(*lruEntry).val = val
		return
	}
	c.items[key] = c.order.PushFront(&lruEntry{key, val}) //accuracy: unbounded-cache no
	if c.order.Len() > c.max {
		old := c.order.Remove(c.order.Back()).(*lruEntry)
		delete(c.items, old.key)
	}
}

type ttlCache struct {
	mu      sync.Mutex
	entries map[string]ttlEntry
}

type ttlEntry struct {
	v       string
	expires time.Time
}

// Get returns a cached value or computes it; a janitor sweeps expired entries.
func (c *ttlCache) Get(k string, load func(string) string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[k]; ok && time.Now().Before(e.expires) {
		return e.v
	}
	v := load(k)
	c.entries[k] = ttlEntry{v, time.Now().Add(time.Minute)} //accuracy: unbounded-cache no
	return v
}

func (c *ttlCache) sweep(now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.entries {
		if now.After(e.expires) {
			delete(c.entries, k)
		}
	}
}

var contentTypes = map[string]string{}

func init() {
	for _, ext := range []string{".html", ".css", ".js", ".png", ".svg"} {
		if _, ok := contentTypes[ext]; !ok {
			contentTypes[ext] = mime.TypeByExtension(ext) //accuracy: unbounded-cache no
		}
	}
}

// ContentType only reads the table filled at init.
func ContentType(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return contentTypes[path[i:]] //accuracy: unbounded-cache no
	}
	return "application/octet-stream"
}

var (
	typeMu     sync.Mutex
	fieldCache = map[reflect.Type][]string{}
)

// FieldNames is keyed by Go type: bounded by the program's own types.
func FieldNames(t reflect.Type) []string {
	typeMu.Lock()
	defer typeMu.Unlock()
	if f, ok := fieldCache[t]; ok {
		return f
	}
	var names []string
	for i := range t.NumField() {
		names = append(names, t.Field(i).Name)
	}
	fieldCache[t] = names //accuracy: unbounded-cache no
	return names
}

type ConfigStore struct {
	mu     sync.Mutex
	values map[string]string
}

// Set records a value; Reload swaps the whole map out.
func (c *ConfigStore) Set(k, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.values[k]; !ok {
		c.values[k] = v //accuracy: unbounded-cache no
	}
}

// Reload replaces the map with a fresh snapshot.
func (c *ConfigStore) Reload(snapshot map[string]string) {
	c.mu.Lock()
	c.values = snapshot
	c.mu.Unlock()
}

type statsWindow struct {
	mu     sync.Mutex
	counts map[string]int
}

// Observe counts per route; Flush clears the window every minute.
func (w *statsWindow) Observe(route string) {
	w.mu.Lock()
	if _, ok := w.counts[route]; !ok {
		w.counts[route] = 0 //accuracy: unbounded-cache no
	}
	w.counts[route]++
	w.mu.Unlock()
}

func (w *statsWindow) Flush() map[string]int {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make(map[string]int, len(w.counts))
	for k, v := range w.counts {
		out[k] = v
	}
	clear(w.counts)
	return out
}

// WordFreq is a local map: it dies with the call.
func WordFreq(text string) map[string]int {
	freq := map[string]int{}
	for _, w := range strings.Fields(text) {
		if _, ok := freq[w]; !ok {
			freq[w] = 0 //accuracy: unbounded-cache no
		}
		freq[w]++
	}
	return freq
}

type Router struct {
	mu     sync.RWMutex
	routes map[string]http.HandlerFunc
}

// NewRouter registers the fixed route table in the constructor.
func NewRouter(h map[string]http.HandlerFunc) *Router {
	r := &Router{routes: map[string]http.HandlerFunc{}}
	for path, fn := range h {
		if _, ok := r.routes[path]; !ok {
			r.routes[path] = fn //accuracy: unbounded-cache no
		}
	}
	return r
}

var (
	methodMu    sync.Mutex
	methodStats = map[string]int64{}
)

// CountMethod counts only the standard methods: the key set is fixed.
func CountMethod(r *http.Request) {
	switch r.Method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodHead, http.MethodOptions:
	default:
		return
	}
	methodMu.Lock()
	defer methodMu.Unlock()
	if _, ok := methodStats[r.Method]; !ok {
		methodStats[r.Method] = 0 //accuracy: unbounded-cache no
	}
	methodStats[r.Method]++
}

type requestScope struct {
	vars map[string]string
}

// Var memoizes per request: the scope dies with the request.
func (s *requestScope) Var(name string, compute func(string) string) string {
	if v, ok := s.vars[name]; ok {
		return v
	}
	v := compute(name)
	s.vars[name] = v //accuracy: unbounded-cache no
	return v
}
