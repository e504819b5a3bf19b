package unboundedcache

import (
	"strconv"
	"sync"
	"time"
)

type Event struct{ At time.Time }

type Timeline struct {
	mu     sync.Mutex
	byUser map[string][]Event
}

// Add appends an event per user: the map grows per user forever.
func (t *Timeline) Add(user string, e Event) {
	t.mu.Lock()
	t.byUser[user] = append(t.byUser[user], e) //accuracy: unbounded-cache yes
	t.mu.Unlock()
}

type Bounded struct {
	mu  sync.Mutex
	max int
	m   map[string]string
}

// Put refuses new keys past the size limit.
func (b *Bounded) Put(k, v string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.m[k]; !ok && len(b.m) >= b.max {
		return
	}
	b.m[k] = v //accuracy: unbounded-cache no
}

var (
	statusMu sync.Mutex
	byStatus = map[string]int{}
)

// CountStatus counts per status class: a fixed set of names.
func CountStatus(code int) {
	class := "other"
	switch {
	case code < 300:
		class = "ok"
	case code < 500:
		class = "client"
	default:
		class = "server"
	}
	statusMu.Lock()
	byStatus[class]++ //accuracy: unbounded-cache no
	statusMu.Unlock()
}

var (
	userMu  sync.Mutex
	perUser = map[string]int{}
)

// CountUser counts requests per user ID.
func CountUser(id int) {
	userMu.Lock()
	perUser[strconv.Itoa(id)]++ //accuracy: unbounded-cache yes
	userMu.Unlock()
}

type memo struct {
	mu sync.Mutex
	m  map[string][]byte
}

var renders = memo{m: map[string][]byte{}}

// Render memoizes by template name and data key.
func Render(key string, f func() []byte) []byte {
	renders.mu.Lock()
	defer renders.mu.Unlock()
	if b, ok := renders.m[key]; ok {
		return b
	}
	b := f()
	renders.m[key] = b //accuracy: unbounded-cache yes
	return b
}

var sessions sync.Map

// Touch stores the session under its id after a miss.
func Touch(id string) {
	if _, ok := sessions.Load(id); ok {
		return
	}
	sessions.Store(id, time.Now()) //accuracy: unbounded-cache yes
}

var conns sync.Map

// Track tracks live connections and forgets them on close.
func Track(id string)  { conns.Store(id, time.Now()) } //accuracy: unbounded-cache no
func Forget(id string) { conns.Delete(id) }
