// Package bufpool recycles the byte buffers used to build responses, cache
// keys and log lines.
package bufpool

import (
	"bytes"
	"io"
	"sync"
)

// MaxPooled is the largest buffer capacity returned to the pools. Bigger
// buffers are left to the garbage collector so that one large response does
// not pin its buffer for every later small one.
const MaxPooled = 64 << 10

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Get returns an empty buffer.
func Get() *bytes.Buffer {
	b := buffers.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

// Put returns b to the pool. The caller must not use b afterwards.
func Put(b *bytes.Buffer) {
	if b.Cap() > MaxPooled {
		return
	}
	buffers.Put(b)
}

// Join concatenates fields separated by sep.
func Join(sep byte, fields ...[]byte) []byte {
	buf := Get()
	for i, f := range fields {
		if i > 0 {
			buf.WriteByte(sep)
		}
		buf.Write(f)
	}
	out := buf.Bytes()
	Put(buf)
	return out
}

// JoinString is Join for strings.
func JoinString(sep byte, fields ...string) string {
	buf := Get()
	for i, f := range fields {
		if i > 0 {
			buf.WriteByte(sep)
		}
		buf.WriteString(f)
	}
	s := buf.String()
	Put(buf)
	return s
}

// keyBufs holds scratch space for building cache keys.
var keyBufs = sync.Pool{New: func() any { return make([]byte, 0, 128) }}

// Key joins parts with ':' into a cache key.
func Key(parts ...string) string {
	b := keyBufs.Get().([]byte)[:0]
	for i, p := range parts {
		if i > 0 {
			b = append(b, ':')
		}
		b = append(b, p...)
	}
	k := string(b)
	keyBufs.Put(b)
	return k
}

var lineBufs = sync.Pool{New: func() any {
	b := make([]byte, 0, 256)
	return &b
}}

// WriteLine lets format append one line to a pooled buffer and writes the
// result to w with a single Write call.
func WriteLine(w io.Writer, format func([]byte) []byte) (int, error) {
	bp := lineBufs.Get().(*[]byte)
	b := format((*bp)[:0])
	n, err := w.Write(b)
	if cap(b) <= MaxPooled {
		*bp = b
		lineBufs.Put(bp)
	}
	return n, err
}

var blocks = sync.Pool{New: func() any { return new([32 << 10]byte) }}

// Copy is io.Copy with a pooled 32 KiB buffer.
func Copy(dst io.Writer, src io.Reader) (int64, error) {
	b := blocks.Get().(*[32 << 10]byte)
	defer blocks.Put(b)
	return io.CopyBuffer(dst, src, b[:])
}
