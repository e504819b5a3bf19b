package logparse

import (
	"bufio"
	"fmt"
	"io"
	"math/bits"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// RouteStats aggregates the requests of one route.
type RouteStats struct {
	Route       string // "METHOD /pattern"
	SlowestPath string
	LastClient  string
	Count       int64
	Bytes       int64
	Slowest     time.Duration
	ByClass     [6]int64  // by status/100; 0 counts anything outside 100-599
	Latency     [24]int64 // bucket i > 0 counts durations in [2^(i-1), 2^i) µs
}

// Quantile returns an upper bound of the q-quantile of the latency.
func (rs *RouteStats) Quantile(q float64) time.Duration {
	want := int64(q * float64(rs.Count))
	var seen int64
	for i, n := range rs.Latency {
		seen += n
		if seen > want {
			return time.Duration(1<<i) * time.Microsecond
		}
	}
	return rs.Slowest
}

// Errors returns the number of 5xx responses.
func (rs *RouteStats) Errors() int64 { return rs.ByClass[5] }

// Aggregator accumulates per-route and per-tenant statistics. It is safe for
// concurrent use.
type Aggregator struct {
	routes  map[string]*RouteStats
	tenants map[string]*int64
	mu      sync.Mutex // guards all fields
	lines   int64
	bad     int64
}

// NewAggregator returns an empty Aggregator.
func NewAggregator() *Aggregator {
	return &Aggregator{
		routes:  make(map[string]*RouteStats),
		tenants: make(map[string]*int64),
	}
}

// attrSets recycles the attribute maps used while aggregating a block.
var attrSets = sync.Pool{New: func() any { return make(map[string]string, 4) }}

// AddBlock aggregates a block of newline-separated log lines.
func (a *Aggregator) AddBlock(block string) {
	attrs := attrSets.Get().(map[string]string)
	defer attrSets.Put(attrs)

	a.mu.Lock()
	defer a.mu.Unlock()
	for block != "" {
		var line string
		line, block, _ = strings.Cut(block, "\n")
		e, err := ParseLine(line)
		if err != nil {
			a.bad++
			continue
		}
		a.lines++

		key := fmt.Sprintf("%s %s", e.Method, e.Route)
		rs := a.routes[key]
		if rs == nil {
			rs = &RouteStats{Route: key}
			a.routes[key] = rs
		}
		rs.Count++
		rs.Bytes += e.Bytes
		if class := e.Status / 100; class >= 1 && class <= 5 {
			rs.ByClass[class]++
		} else {
			rs.ByClass[0]++
		}
		rs.Latency[min(bits.Len64(uint64(e.Duration.Microseconds())), len(rs.Latency)-1)]++
		if e.Duration > rs.Slowest {
			rs.Slowest = e.Duration
			rs.SlowestPath = e.Path
		}
		if rs.LastClient != e.Client {
			rs.LastClient = strings.Clone(e.Client)
		}

		Attrs(e.Attrs, attrs)
		if t := attrs["tenant"]; t != "" {
			n := a.tenants[t]
			if n == nil {
				n = new(int64)
				a.tenants[strings.Clone(t)] = n
			}
			*n++
		}
	}
}

// LoadFiles aggregates rotated access-log files.
func (a *Aggregator) LoadFiles(paths ...string) error {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			a.AddBlock(sc.Text())
		}
		if err := sc.Err(); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
	}
	return nil
}

// Lines returns how many lines were aggregated and how many were rejected.
func (a *Aggregator) Lines() (ok, bad int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.lines, a.bad
}

// Tenants returns the request count per tenant.
func (a *Aggregator) Tenants() map[string]int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make(map[string]int64, len(a.tenants))
	for t, n := range a.tenants {
		out[t] = *n
	}
	return out
}

// Snapshot returns a copy of the per-route statistics sorted by route.
func (a *Aggregator) Snapshot() []RouteStats {
	a.mu.Lock()
	out := make([]RouteStats, 0, len(a.routes))
	for _, rs := range a.routes {
		out = append(out, *rs)
	}
	a.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Route < out[j].Route })
	return out
}

// Summary renders one line per route, for the shutdown log.
func (a *Aggregator) Summary() string {
	var s string
	for _, rs := range a.Snapshot() {
		s += rs.Route + " count=" + strconv.FormatInt(rs.Count, 10) +
			" p50=" + rs.Quantile(0.5).String() + " p99=" + rs.Quantile(0.99).String() + "\n"
	}
	return s
}

// WriteReport writes a table of the per-route statistics to w.
func (a *Aggregator) WriteReport(w io.Writer) error {
	snap := a.Snapshot()
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%-36s %9s %7s %10s %10s  %s\n", "ROUTE", "COUNT", "5XX", "P50", "P99", "SLOWEST")
	for i := range snap {
		rs := &snap[i]
		fmt.Fprintf(bw, "%-36s %9d %6.2f%% %10v %10v  %s\n",
			rs.Route, rs.Count, 100*float64(rs.Errors())/float64(max(rs.Count, 1)),
			rs.Quantile(0.5), rs.Quantile(0.99), rs.SlowestPath)
	}
	return bw.Flush()
}

// RouteCount is a route with its request count.
type RouteCount struct {
	Route string
	Count int64
}

// TopRoutes returns the n busiest routes, busiest first.
func (a *Aggregator) TopRoutes(n int) []*RouteCount {
	a.mu.Lock()
	top := make([]*RouteCount, 0, len(a.routes))
	for route, rs := range a.routes {
		top = append(top, &RouteCount{Route: route, Count: rs.Count})
	}
	a.mu.Unlock()
	sort.Slice(top, func(i, j int) bool { return top[i].Count > top[j].Count })
	if len(top) > n {
		top = top[:n]
	}
	return top
}
