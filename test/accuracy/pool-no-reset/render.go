// Package poolnoreset renders responses and aggregates metrics with pooled scratch state.
package poolnoreset

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// WriteJSON renders v into a pooled buffer and writes it out.
func WriteJSON(w http.ResponseWriter, v any) error {
	b := bufPool.Get().(*bytes.Buffer)
	if err := json.NewEncoder(b).Encode(v); err != nil {
		bufPool.Put(b) //accuracy: pool-no-reset yes //accuracy: pool-oversized yes
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	_, err := w.Write(b.Bytes())
	bufPool.Put(b) //accuracy: pool-no-reset yes //accuracy: pool-oversized yes
	return err
}

var sbPool = sync.Pool{New: func() any { return new(strings.Builder) }}

// CSVRow joins fields as a CSV row.
func CSVRow(fields []string) string {
	sb := sbPool.Get().(*strings.Builder)
	for i, f := range fields {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(strconv.Quote(f))
	}
	row := sb.String()
	sbPool.Put(sb) //accuracy: pool-no-reset yes //accuracy: pool-oversized yes
	return row
}

var countsPool = sync.Pool{New: func() any { return map[string]int{} }}

// TopStatus counts status codes in a log batch and returns the most frequent one.
func TopStatus(lines []string) string {
	counts := countsPool.Get().(map[string]int)
	for _, l := range lines {
		if f := strings.Fields(l); len(f) > 8 {
			counts[f[8]]++
		}
	}
	best, n := "", 0
	for k, v := range counts {
		if v > n {
			best, n = k, v
		}
	}
	countsPool.Put(counts) //accuracy: pool-no-reset yes
	return best
}

var scratchPool = sync.Pool{New: func() any { s := make([]byte, 0, 1024); return &s }}

// AppendLogLine formats one access-log line.
func AppendLogLine(w io.Writer, method, path string, status int) error {
	p := scratchPool.Get().(*[]byte)
	*p = append(*p, method...)
	*p = append(*p, ' ')
	*p = append(*p, path...)
	*p = append(*p, ' ')
	*p = strconv.AppendInt(*p, int64(status), 10)
	*p = append(*p, '\n')
	_, err := w.Write(*p)
	scratchPool.Put(p) //accuracy: pool-no-reset yes //accuracy: pool-oversized yes
	return err
}

type reportWriter struct {
	pool sync.Pool
}

// Section renders a titled report section.
func (r *reportWriter) Section(w io.Writer, title string, rows map[string]float64) {
	b, _ := r.pool.Get().(*bytes.Buffer)
	if b == nil {
		b = new(bytes.Buffer)
	}
	fmt.Fprintf(b, "== %s ==\n", title)
	keys := make([]string, 0, len(rows))
	for k := range rows {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(b, "%-20s %10.2f\n", k, rows[k])
	}
	b.WriteTo(w)
	r.pool.Put(b) //accuracy: pool-no-reset yes //accuracy: pool-oversized yes
}

var headerSetPool = sync.Pool{New: func() any { return make(map[string][]string) }}

// ForwardHeaders copies allowed headers to the upstream request.
func ForwardHeaders(dst, src http.Header, allow []string) {
	h := headerSetPool.Get().(map[string][]string)
	for _, k := range allow {
		if v := src.Values(k); len(v) > 0 {
			h[k] = v
		}
	}
	for k, v := range h {
		dst[k] = v
	}
	headerSetPool.Put(h) //accuracy: pool-no-reset yes
}

var msgPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Notify builds an alert message for a channel webhook.
func Notify(client *http.Client, url, service, text string) error {
	msg := msgPool.Get().(*bytes.Buffer)
	defer msgPool.Put(msg) //accuracy: pool-no-reset yes //accuracy: pool-oversized yes
	msg.WriteString(`{"text":`)
	msg.WriteString(strconv.Quote("[" + service + "] " + text))
	msg.WriteString("}")
	resp, err := client.Post(url, "application/json", bytes.NewReader(msg.Bytes()))
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

var idxPool = sync.Pool{New: func() any { return map[string]int{} }}

// Positions maps each column name to its index, for a CSV header.
func Positions(header []string, want string) int {
	idx := idxPool.Get().(map[string]int)
	for i, h := range header {
		if _, ok := idx[h]; !ok {
			idx[h] = i
		}
	}
	pos, ok := idx[want]
	idxPool.Put(idx) //accuracy: pool-no-reset yes
	if !ok {
		return -1
	}
	return pos
}

var pathPool = sync.Pool{New: func() any { return new(strings.Builder) }}

// CanonicalPath lowercases and joins path segments.
func CanonicalPath(segs []string) string {
	b := pathPool.Get().(*strings.Builder)
	for _, s := range segs {
		b.WriteByte('/')
		b.WriteString(strings.ToLower(s))
	}
	p := b.String()
	pathPool.Put(b) //accuracy: pool-no-reset yes //accuracy: pool-oversized yes
	return p
}
