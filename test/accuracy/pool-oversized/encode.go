// Package pooloversized encodes API responses and log batches with pooled buffers.
package pooloversized

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

const maxPooled = 64 << 10

var respPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Respond encodes v (of any size) into a pooled buffer.
func Respond(w http.ResponseWriter, v any) {
	b := respPool.Get().(*bytes.Buffer)
	b.Reset()
	if err := json.NewEncoder(b).Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		respPool.Put(b) //accuracy: pool-oversized yes
		return
	}
	w.Write(b.Bytes())
	respPool.Put(b) //accuracy: pool-oversized yes
}

var bodyPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// ReadBody slurps an upload into a pooled buffer and hands it to fn.
func ReadBody(r *http.Request, fn func([]byte) error) error {
	b := bodyPool.Get().(*bytes.Buffer)
	b.Reset()
	defer bodyPool.Put(b)                         //accuracy: pool-oversized yes
	if _, err := b.ReadFrom(r.Body); err != nil { //accuracy: readall-unbounded yes (as readall-unbounded/api.go buf.ReadFrom(r.Body))
		return err
	}
	return fn(b.Bytes())
}

var sbPool = sync.Pool{New: func() any { return new(strings.Builder) }}

// RenderTable renders an arbitrary number of rows as text.
func RenderTable(rows [][]string) string {
	sb := sbPool.Get().(*strings.Builder)
	sb.Reset()
	for _, r := range rows {
		sb.WriteString(strings.Join(r, "\t"))
		sb.WriteByte('\n')
	}
	s := sb.String()
	sbPool.Put(sb) //accuracy: pool-oversized yes
	return s
}

var linePool = sync.Pool{New: func() any { s := make([]byte, 0, 256); return &s }}

// AppendBatch encodes a log batch in one growable slice.
func AppendBatch(w io.Writer, msgs []string) error {
	p := linePool.Get().(*[]byte)
	b := (*p)[:0]
	for _, m := range msgs {
		b = strconv.AppendQuote(b, m)
		b = append(b, '\n')
	}
	_, err := w.Write(b)
	*p = b
	linePool.Put(p) //accuracy: pool-oversized yes
	return err
}

var gzBufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Compress gzips payload into a pooled buffer and returns a copy.
func Compress(payload []byte) ([]byte, error) {
	b := gzBufPool.Get().(*bytes.Buffer)
	b.Reset()
	zw := gzip.NewWriter(b)
	if _, err := zw.Write(payload); err != nil {
		gzBufPool.Put(b) //accuracy: pool-oversized yes
		return nil, err
	}
	if err := zw.Close(); err != nil {
		gzBufPool.Put(b) //accuracy: pool-oversized yes
		return nil, err
	}
	out := bytes.Clone(b.Bytes())
	gzBufPool.Put(b) //accuracy: pool-oversized yes
	return out, nil
}

type exporter struct {
	bufs sync.Pool
	dst  io.Writer
}

// Export writes metric samples in the text exposition format.
func (e *exporter) Export(samples map[string]float64) error {
	b, _ := e.bufs.Get().(*bytes.Buffer)
	if b == nil {
		b = new(bytes.Buffer)
	}
	b.Reset()
	for name, v := range samples {
		b.WriteString(name)
		b.WriteByte(' ')
		b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
		b.WriteByte('\n')
	}
	_, err := b.WriteTo(e.dst)
	e.bufs.Put(b) //accuracy: pool-oversized yes
	return err
}

var queryPool = sync.Pool{New: func() any { return new(strings.Builder) }}

// BuildInsert builds a multi-row INSERT statement.
func BuildInsert(table string, rows int) string {
	q := queryPool.Get().(*strings.Builder)
	q.Reset()
	q.WriteString("INSERT INTO ")
	q.WriteString(table)
	q.WriteString(" VALUES ")
	for i := range rows {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteString("(?, ?, ?)")
	}
	s := q.String()
	queryPool.Put(q) //accuracy: pool-oversized yes
	return s
}

// ---- look-alikes ----

// RespondCapped drops buffers above a cap (as fmt and encoding/json do).
func RespondCapped(w http.ResponseWriter, v any) {
	b := respPool.Get().(*bytes.Buffer)
	b.Reset()
	json.NewEncoder(b).Encode(v)
	w.Write(b.Bytes())
	if b.Cap() > maxPooled {
		return
	}
	respPool.Put(b) //accuracy: pool-oversized no
}

// RenderCapped checks the builder's capacity before Put.
func RenderCapped(rows [][]string) string {
	sb := sbPool.Get().(*strings.Builder)
	sb.Reset()
	for _, r := range rows {
		sb.WriteString(strings.Join(r, ","))
		sb.WriteByte('\n')
	}
	s := sb.String()
	if sb.Cap() <= maxPooled {
		sbPool.Put(sb) //accuracy: pool-oversized no
	}
	return s
}

// AppendCapped drops slices that grew past the cap.
func AppendCapped(w io.Writer, msgs []string) error {
	p := linePool.Get().(*[]byte)
	b := (*p)[:0]
	for _, m := range msgs {
		b = append(b, m...)
		b = append(b, '\n')
	}
	_, err := w.Write(b)
	if cap(b) < maxPooled {
		*p = b
		linePool.Put(p) //accuracy: pool-oversized no
	}
	return err
}

var blockPool = sync.Pool{New: func() any { return new([4096]byte) }}

// CopyBlocks copies with a fixed-size array: it never grows.
func CopyBlocks(dst io.Writer, src io.Reader) (int64, error) {
	blk := blockPool.Get().(*[4096]byte)
	defer blockPool.Put(blk) //accuracy: pool-oversized no
	return io.CopyBuffer(dst, src, blk[:])
}

var readScratch = sync.Pool{New: func() any { s := make([]byte, 32<<10); return &s }}

// Sniff reads the first bytes into fixed scratch that is never appended to.
func Sniff(r io.Reader) string {
	p := readScratch.Get().(*[]byte)
	n, _ := io.ReadFull(r, (*p)[:512])
	ct := http.DetectContentType((*p)[:n])
	readScratch.Put(p) //accuracy: pool-oversized no
	return ct
}

type decodeState struct {
	depth  int
	offset int64
	err    error
}

var statePool = sync.Pool{New: func() any { return new(decodeState) }}

// Validate walks a document with a pooled fixed struct.
func Validate(doc []byte) error {
	st := statePool.Get().(*decodeState)
	*st = decodeState{}
	for i, c := range doc {
		switch c {
		case '{', '[':
			st.depth++
		case '}', ']':
			st.depth--
		}
		st.offset = int64(i)
	}
	err := st.err
	statePool.Put(st) //accuracy: pool-oversized no
	return err
}

var gzwPool = sync.Pool{New: func() any { return gzip.NewWriter(nil) }}

// GzipTo compresses via a pooled gzip.Writer (fixed-size internal state).
func GzipTo(dst io.Writer, b []byte) error {
	zw := gzwPool.Get().(*gzip.Writer)
	zw.Reset(dst)
	zw.Write(b)
	err := zw.Close()
	gzwPool.Put(zw) //accuracy: pool-oversized no
	return err
}

// ExportCapped checks Cap() before returning the exporter buffer.
func (e *exporter) ExportCapped(line string) error {
	b, _ := e.bufs.Get().(*bytes.Buffer)
	if b == nil {
		b = new(bytes.Buffer)
	}
	b.Reset()
	b.WriteString(line)
	_, err := b.WriteTo(e.dst)
	if b.Cap() <= maxPooled {
		e.bufs.Put(b) //accuracy: pool-oversized no
	}
	return err
}

var idPool = sync.Pool{New: func() any { return new([16]byte) }}

// RequestID formats a request id in a fixed array.
func RequestID(seq uint64) string {
	a := idPool.Get().(*[16]byte)
	b := strconv.AppendUint(a[:0], seq, 16)
	s := string(b)
	idPool.Put(a) //accuracy: pool-oversized no
	return s
}

// QueryLimited: the statement is bounded to 8 rows by the check, and the builder cap is checked.
func QueryLimited(table string) string {
	q := queryPool.Get().(*strings.Builder)
	q.Reset()
	q.WriteString("SELECT * FROM ")
	q.WriteString(table)
	s := q.String()
	if q.Cap() > 1024 {
		return s
	}
	queryPool.Put(q) //accuracy: pool-oversized no
	return s
}
