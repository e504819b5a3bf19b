// Package unboundedcache holds the memo tables and registries of an API gateway.
package unboundedcache

import (
	"html/template"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"
)

var (
	tmplMu    sync.Mutex
	templates = map[string]*template.Template{}
)

// PageTemplate parses a tenant-supplied template once and memoizes it by its source.
func PageTemplate(src string) (*template.Template, error) {
	tmplMu.Lock()
	defer tmplMu.Unlock()
	if t, ok := templates[src]; ok {
		return t, nil
	}
	t, err := template.New("page").Parse(src)
	if err != nil {
		return nil, err
	}
	templates[src] = t //accuracy: unbounded-cache yes
	return t, nil
}

type Session struct {
	ID       string
	Created  time.Time
	Values   map[string]string
	LastSeen time.Time
}

type SessionStore struct {
	mu       sync.Mutex
	sessions map[string]*Session
}

func NewSessionStore() *SessionStore {
	return &SessionStore{sessions: make(map[string]*Session)}
}

// Get returns the session for a cookie value, creating it on first sight.
func (s *SessionStore) Get(id string) *Session {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[id]
	if !ok {
		sess = &Session{ID: id, Created: time.Now(), Values: map[string]string{}}
		s.sessions[id] = sess //accuracy: unbounded-cache yes
	}
	sess.LastSeen = time.Now()
	return sess
}

type bucket struct {
	tokens float64
	last   time.Time
}

type Limiter struct {
	mu      sync.Mutex
	rate    float64
	buckets map[string]*bucket
}

// Allow applies a token bucket per client IP.
func (l *Limiter) Allow(r *http.Request) bool {
	ip, _, _ := net.SplitHostPort(r.RemoteAddr)
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[ip]
	if b == nil {
		b = &bucket{tokens: l.rate, last: now}
		l.buckets[ip] = b //accuracy: unbounded-cache yes
	}
	b.tokens += now.Sub(b.last).Seconds() * l.rate
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

var (
	reMu    sync.RWMutex
	reCache = make(map[string]*regexp.Regexp)
)

// SearchFilter compiles the user's filter expression, memoized by pattern.
func SearchFilter(pattern string) (*regexp.Regexp, error) {
	reMu.RLock()
	re, ok := reCache[pattern]
	reMu.RUnlock()
	if ok {
		return re, nil
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, err
	}
	reMu.Lock()
	reCache[pattern] = re //accuracy: unbounded-cache yes
	reMu.Unlock()
	return re, nil
}

type Resolver struct {
	mu    sync.Mutex
	hosts map[string][]string
}

// Lookup resolves upstream host names found in request routing headers.
func (r *Resolver) Lookup(host string) ([]string, error) {
	r.mu.Lock()
	if a, ok := r.hosts[host]; ok {
		r.mu.Unlock()
		return a, nil
	}
	r.mu.Unlock()
	addrs, err := net.LookupHost(host)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.hosts[host] = addrs //accuracy: unbounded-cache yes
	r.mu.Unlock()
	return addrs, nil
}

var (
	etagMu sync.Mutex
	etags  = map[string]string{}
)

// ETag returns the entity tag for a request path, computing it on first request.
func ETag(path string, body func(string) []byte) string {
	etagMu.Lock()
	defer etagMu.Unlock()
	if e, ok := etags[path]; ok {
		return e
	}
	b := body(path)
	e := `"` + strings.ToLower(http.StatusText(len(b)%500)) + `"`
	etags[path] = e //accuracy: unbounded-cache yes
	return e
}

var (
	hitsMu sync.Mutex
	hits   = map[string]int64{}
)

// CountHit counts requests per raw URL path for the stats page.
func CountHit(r *http.Request) {
	hitsMu.Lock()
	hits[r.URL.Path]++ //accuracy: unbounded-cache yes
	hitsMu.Unlock()
}

type UAInfo struct {
	Browser string
	Mobile  bool
}

type uaParser struct {
	mu   sync.Mutex
	memo map[string]UAInfo
}

var agents = &uaParser{memo: map[string]UAInfo{}}

// ParseUA classifies a User-Agent header, memoized per header value.
func ParseUA(ua string) UAInfo {
	agents.mu.Lock()
	defer agents.mu.Unlock()
	if info, ok := agents.memo[ua]; ok {
		return info
	}
	info := UAInfo{Mobile: strings.Contains(ua, "Mobile")}
	if i := strings.IndexByte(ua, '/'); i > 0 {
		info.Browser = ua[:i]
	}
	agents.memo[ua] = info //accuracy: unbounded-cache yes
	return info
}

type tenant struct {
	name   string
	quota  int64
	joined time.Time
}

type Registry struct {
	mu      sync.RWMutex
	tenants map[string]*tenant
}

// Tenant returns the tenant named in the X-Tenant header, registering unknown names.
func (g *Registry) Tenant(name string) *tenant {
	g.mu.RLock()
	t := g.tenants[name]
	g.mu.RUnlock()
	if t != nil {
		return t
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if t = g.tenants[name]; t == nil {
		t = &tenant{name: name, quota: 1 << 30, joined: time.Now()}
		g.tenants[name] = t //accuracy: unbounded-cache yes
	}
	return t
}

var (
	seenMu   sync.Mutex
	seenReqs = map[string]time.Time{}
)

// Idempotent remembers every Idempotency-Key ever seen and rejects repeats.
func Idempotent(key string) bool {
	seenMu.Lock()
	defer seenMu.Unlock()
	if _, dup := seenReqs[key]; dup {
		return false
	}
	seenReqs[key] = time.Now() //accuracy: unbounded-cache yes
	return true
}

var shortURLs sync.Map // code -> target URL

// Shorten stores a code for a target URL forever.
func Shorten(code, target string) string {
	v, _ := shortURLs.LoadOrStore(code, target) //accuracy: unbounded-cache yes
	return v.(string)
}
