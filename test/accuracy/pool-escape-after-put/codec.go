// Package poolescapeafterput marshals messages for a queue client with pooled buffers.
package poolescapeafterput

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

type Message struct {
	Topic   string          `json:"topic"`
	Key     string          `json:"key"`
	Payload json.RawMessage `json:"payload"`
}

// Marshal encodes m and returns the pooled bytes (deferred Put).
func Marshal(m *Message) ([]byte, error) {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	defer bufPool.Put(b) //accuracy: pool-oversized yes
	if err := json.NewEncoder(b).Encode(m); err != nil {
		return nil, err
	}
	return b.Bytes(), nil //accuracy: pool-escape-after-put yes
}

// FrameKey returns a length-prefixed key built in a pooled buffer.
func FrameKey(key string) []byte {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	defer bufPool.Put(b) //accuracy: pool-oversized yes
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(key)))
	b.Write(n[:])
	b.WriteString(key)
	return b.Bytes() //accuracy: pool-escape-after-put yes
}

var slicePool = sync.Pool{New: func() any { s := make([]byte, 0, 512); return &s }}

// EncodeHeader appends header fields into pooled scratch and returns it.
func EncodeHeader(h map[string]string) []byte {
	p := slicePool.Get().(*[]byte)
	defer slicePool.Put(p) //accuracy: pool-oversized yes
	b := (*p)[:0]
	for k, v := range h {
		b = append(b, k...)
		b = append(b, ':')
		b = append(b, v...)
		b = append(b, '\n')
	}
	*p = b
	return *p //accuracy: pool-escape-after-put yes
}

type producer struct {
	mu      sync.Mutex
	pending [][]byte
}

// Enqueue serializes m and keeps the bytes until flush — after returning the buffer.
func (p *producer) Enqueue(m *Message) error {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	if err := json.NewEncoder(b).Encode(m); err != nil {
		bufPool.Put(b) //accuracy: pool-oversized yes
		return err
	}
	bufPool.Put(b) //accuracy: pool-oversized yes
	p.mu.Lock()
	p.pending = append(p.pending, b.Bytes()) //accuracy: pool-escape-after-put yes
	p.mu.Unlock()
	return nil
}

// Respond writes the body after the buffer already went back.
func Respond(w http.ResponseWriter, status int, v any) {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	json.NewEncoder(b).Encode(v)
	bufPool.Put(b) //accuracy: pool-oversized yes
	w.WriteHeader(status)
	w.Write(b.Bytes()) //accuracy: pool-escape-after-put yes
}

type cache struct {
	mu    sync.Mutex
	items map[string][]byte
}

// Store renders an entry and caches the pooled bytes.
func (c *cache) Store(key string, v any) {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	json.NewEncoder(b).Encode(v)
	bufPool.Put(b) //accuracy: pool-oversized yes
	c.mu.Lock()
	c.items[key] = b.Bytes() //accuracy: pool-escape-after-put yes
	c.mu.Unlock()
}

// ChecksumLine formats a line and returns the scratch slice it lives in.
func ChecksumLine(name string, sum uint32) []byte {
	p := slicePool.Get().(*[]byte)
	b := append((*p)[:0], name...)
	b = append(b, ' ')
	b = strconv.AppendUint(b, uint64(sum), 16)
	*p = b
	slicePool.Put(p) //accuracy: pool-oversized yes
	return *p        //accuracy: pool-escape-after-put yes
}

// Publish sends the pooled bytes on a channel consumed by another goroutine, after Put.
func Publish(out chan<- []byte, m *Message) {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	json.NewEncoder(b).Encode(m)
	bufPool.Put(b)   //accuracy: pool-oversized yes
	out <- b.Bytes() //accuracy: pool-escape-after-put yes
}

// Batch returns the encoded batch while the deferred Put recycles it.
func Batch(msgs []*Message) ([]byte, int) {
	b := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(b) //accuracy: pool-oversized yes
	b.Reset()
	enc := json.NewEncoder(b)
	for _, m := range msgs {
		enc.Encode(m)
	}
	return b.Bytes(), len(msgs) //accuracy: pool-escape-after-put yes
}

// LogLine hands the pooled bytes to a writer after Put.
func LogLine(w io.Writer, level, msg string) {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	b.WriteString(level)
	b.WriteString(": ")
	b.WriteString(msg)
	b.WriteByte('\n')
	bufPool.Put(b)     //accuracy: pool-oversized yes
	w.Write(b.Bytes()) //accuracy: pool-escape-after-put yes
}

// Render keeps an alias of the bytes across the Put and returns it.
func Render(tmpl string, vars map[string]string) []byte {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	b.WriteString(tmpl)
	for k, v := range vars {
		b.WriteString(k)
		b.WriteString(v)
	}
	out := b.Bytes()
	bufPool.Put(b) //accuracy: pool-oversized yes
	return out     //accuracy: pool-escape-after-put yes
}

type session struct {
	mu   sync.Mutex
	last []byte
}

// Remember stores the last encoded reply, an alias of pooled scratch, after Put.
func (s *session) Remember(reply *Message) {
	p := slicePool.Get().(*[]byte)
	enc, _ := json.Marshal(reply)
	*p = append((*p)[:0], enc...)
	body := *p
	slicePool.Put(p) //accuracy: pool-oversized yes
	s.mu.Lock()
	s.last = body //accuracy: pool-escape-after-put yes
	s.mu.Unlock()
}
