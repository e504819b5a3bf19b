// Package poolnonpointer holds request-scratch pools of a small ingest service.
package poolnonpointer

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"net/http"
	"strings"
	"sync"
)

var readBufPool = sync.Pool{New: func() any { return make([]byte, 32<<10) }}

// CopyBody streams a request body to w through a pooled scratch buffer.
func CopyBody(w io.Writer, r *http.Request) (int64, error) {
	buf := readBufPool.Get().([]byte)
	defer readBufPool.Put(buf) //accuracy: pool-nonpointer yes
	return io.CopyBuffer(w, r.Body, buf)
}

var lineScratch sync.Pool

// ReadLines splits a stream into lines using a pooled accumulation slice.
func ReadLines(r io.Reader, emit func(string)) error {
	sc := bufio.NewScanner(r)
	acc, _ := lineScratch.Get().([]string)
	acc = acc[:0]
	for sc.Scan() {
		acc = append(acc, sc.Text())
	}
	for _, l := range acc {
		emit(l)
	}
	clear(acc)
	lineScratch.Put(acc[:0]) //accuracy: pool-nonpointer yes
	return sc.Err()
}

type header struct {
	Magic   uint32
	Version uint16
	Flags   uint16
	Length  uint64
}

var headerPool = sync.Pool{New: func() any { return header{} }}

// DecodeHeader reads the fixed frame header.
func DecodeHeader(r io.Reader) (uint64, error) {
	h := headerPool.Get().(header)
	if err := binary.Read(r, binary.BigEndian, &h); err != nil {
		headerPool.Put(h) //accuracy: pool-nonpointer yes
		return 0, err
	}
	n := h.Length
	headerPool.Put(header{}) //accuracy: pool-nonpointer yes
	return n, nil
}

var keyPool = sync.Pool{New: func() any { return [64]byte{} }}

// HashKey fills a fixed key block.
func HashKey(tenant, id string) uint64 {
	k := keyPool.Get().([64]byte)
	n := copy(k[:], tenant)
	copy(k[n:], id)
	var h uint64 = 1469598103934665603
	for _, c := range k {
		h = (h ^ uint64(c)) * 1099511628211
	}
	keyPool.Put(k) //accuracy: pool-nonpointer yes
	return h
}

var tokenPool sync.Pool

// Tokenize splits a query into terms.
func Tokenize(q string) []string {
	terms, _ := tokenPool.Get().([]string)
	terms = append(terms[:0], strings.Fields(q)...)
	out := make([]string, len(terms))
	copy(out, terms)
	tokenPool.Put(terms) //accuracy: pool-nonpointer yes
	return out
}

var encPool = sync.Pool{New: func() any { return make([]byte, 0, 512) }}

// Frame prefixes payload with its length.
func Frame(w io.Writer, payload []byte) error {
	b := encPool.Get().([]byte)[:0]
	b = binary.AppendUvarint(b, uint64(len(payload)))
	b = append(b, payload...)
	_, err := w.Write(b)
	encPool.Put(b) //accuracy: pool-nonpointer yes
	return err
}

var idsPool = sync.Pool{New: func() any { return make([]int64, 0, 128) }}

// SumIDs adds the numeric ids of a batch.
func SumIDs(batch [][]byte) int64 {
	ids := idsPool.Get().([]int64)[:0]
	for _, b := range batch {
		if len(b) >= 8 {
			ids = append(ids, int64(binary.LittleEndian.Uint64(b)))
		}
	}
	var s int64
	for _, v := range ids {
		s += v
	}
	idsPool.Put(ids) //accuracy: pool-nonpointer yes
	return s
}

var labelPool sync.Pool

// JoinLabels builds a metrics label string.
func JoinLabels(kv map[string]string) string {
	s, _ := labelPool.Get().(string)
	_ = s
	var sb strings.Builder
	for k, v := range kv {
		sb.WriteString(k)
		sb.WriteByte('=')
		sb.WriteString(v)
		sb.WriteByte(',')
	}
	out := sb.String()
	labelPool.Put(out) //accuracy: pool-nonpointer yes
	return out
}

type span struct {
	Start, End int
	Kind       byte
}

var spanPool = sync.Pool{New: func() any { return make([]span, 0, 64) }}

// Highlight returns marked spans for search hits.
func Highlight(text, term string) int {
	spans := spanPool.Get().([]span)[:0]
	for i := 0; ; {
		j := strings.Index(text[i:], term)
		if j < 0 {
			break
		}
		spans = append(spans, span{i + j, i + j + len(term), 'h'})
		i += j + len(term)
	}
	n := len(spans)
	spanPool.Put(spans) //accuracy: pool-nonpointer yes
	return n
}

type worker struct {
	scratch sync.Pool
}

// Checksum uses a per-worker scratch pool.
func (w *worker) Checksum(r io.Reader) (uint32, error) {
	b, _ := w.scratch.Get().([]byte)
	if b == nil {
		b = make([]byte, 8192)
	}
	var sum uint32
	for {
		n, err := r.Read(b)
		for _, c := range b[:n] {
			sum = sum*31 + uint32(c)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			w.scratch.Put(b) //accuracy: pool-nonpointer yes
			return 0, err
		}
	}
	return sum, nil
}

// ---- look-alikes: pointer-shaped values ----

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// RenderGreeting writes a greeting through a pooled *bytes.Buffer.
func RenderGreeting(w io.Writer, name string) error {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	b.WriteString("hello, ")
	b.WriteString(name)
	_, err := w.Write(b.Bytes())
	bufPool.Put(b) //accuracy: pool-nonpointer no //accuracy: pool-oversized yes
	return err
}

var slicePtrPool = sync.Pool{New: func() any { s := make([]byte, 0, 4096); return &s }}

// AppendRecord encodes a record via a pooled *[]byte.
func AppendRecord(w io.Writer, id uint64, body []byte) error {
	p := slicePtrPool.Get().(*[]byte)
	b := (*p)[:0]
	b = binary.BigEndian.AppendUint64(b, id)
	b = append(b, body...)
	_, err := w.Write(b)
	*p = b
	slicePtrPool.Put(p) //accuracy: pool-nonpointer no //accuracy: pool-oversized yes
	return err
}

var setPool = sync.Pool{New: func() any { return map[string]struct{}{} }}

// Dedup counts distinct words.
func Dedup(words []string) int {
	seen := setPool.Get().(map[string]struct{})
	for _, w := range words {
		seen[w] = struct{}{}
	}
	n := len(seen)
	clear(seen)
	setPool.Put(seen) //accuracy: pool-nonpointer no
	return n
}

var chanPool = sync.Pool{New: func() any { return make(chan error, 1) }}

// Async runs f and waits for its error using a pooled result channel.
func Async(f func() error) error {
	ch := chanPool.Get().(chan error)
	go func() { ch <- f() }()
	err := <-ch
	chanPool.Put(ch) //accuracy: pool-nonpointer no
	return err
}

type frameHeader struct {
	kind uint8
	size uint32
}

var fhPool = sync.Pool{New: func() any { return new(frameHeader) }}

// PeekKind reads the frame kind using a pooled *frameHeader.
func PeekKind(b []byte) uint8 {
	h := fhPool.Get().(*frameHeader)
	h.kind = b[0]
	h.size = binary.BigEndian.Uint32(b[1:5])
	k := h.kind
	*h = frameHeader{}
	fhPool.Put(h) //accuracy: pool-nonpointer no
	return k
}

var writerPool = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 4096) }}

// Flushed writes s to dst through a pooled bufio.Writer.
func Flushed(dst io.Writer, s string) error {
	bw := writerPool.Get().(*bufio.Writer)
	bw.Reset(dst)
	bw.WriteString(s)
	err := bw.Flush()
	bw.Reset(nil)
	writerPool.Put(bw) //accuracy: pool-nonpointer no
	return err
}

var arrPool = sync.Pool{New: func() any { return new([256]uint32) }}

// Histogram counts byte values via a pooled *[256]uint32.
func Histogram(b []byte) uint32 {
	h := arrPool.Get().(*[256]uint32)
	*h = [256]uint32{}
	for _, c := range b {
		h[c]++
	}
	var max uint32
	for _, v := range h {
		if v > max {
			max = v
		}
	}
	arrPool.Put(h) //accuracy: pool-nonpointer no
	return max
}

type handlerFunc func(string) string

var fnPool = sync.Pool{New: func() any { return handlerFunc(strings.ToUpper) }}

// Normalise uses a pooled transform function.
func Normalise(s string) string {
	f := fnPool.Get().(handlerFunc)
	out := f(s)
	fnPool.Put(f) //accuracy: pool-nonpointer no
	return out
}

var replPool = sync.Pool{New: func() any { return strings.NewReplacer("<", "&lt;", ">", "&gt;") }}

// Escape escapes angle brackets.
func Escape(s string) string {
	r := replPool.Get().(*strings.Replacer)
	out := r.Replace(s)
	replPool.Put(r) //accuracy: pool-nonpointer no
	return out
}

// scratchCache resembles a pool but is a plain struct with a Put method of its own.
type scratchCache struct {
	mu   sync.Mutex
	free [][]byte
}

// Put stores a buffer for reuse; not a sync.Pool.
func (c *scratchCache) Put(b []byte) {
	c.mu.Lock()
	c.free = append(c.free, b[:0])
	c.mu.Unlock()
}

var localFree scratchCache

// Release hands a buffer back to the local free list.
func Release(b []byte) {
	localFree.Put(b) //accuracy: pool-nonpointer no
}
