package poolescapeafterput

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sync"
)

// MarshalCopy copies the bytes before the deferred Put runs.
func MarshalCopy(m *Message) ([]byte, error) {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	defer bufPool.Put(b) //accuracy: pool-oversized yes
	if err := json.NewEncoder(b).Encode(m); err != nil {
		return nil, err
	}
	return bytes.Clone(b.Bytes()), nil //accuracy: pool-escape-after-put no
}

// KeyString returns a string copy of the pooled bytes.
func KeyString(topic, key string) string {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	defer bufPool.Put(b) //accuracy: pool-oversized yes
	b.WriteString(topic)
	b.WriteByte('/')
	b.WriteString(key)
	return string(b.Bytes()) //accuracy: pool-escape-after-put no
}

// HeaderCopy appends to nil before Put.
func HeaderCopy(h map[string]string) []byte {
	p := slicePool.Get().(*[]byte)
	b := (*p)[:0]
	for k, v := range h {
		b = append(b, k...)
		b = append(b, '=')
		b = append(b, v...)
	}
	out := append([]byte(nil), b...) //accuracy: pool-escape-after-put no
	*p = b
	slicePool.Put(p) //accuracy: pool-oversized yes
	return out
}

// EnqueueCopy stores a copy made before Put.
func (p *producer) EnqueueCopy(m *Message) error {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	if err := json.NewEncoder(b).Encode(m); err != nil {
		bufPool.Put(b) //accuracy: pool-oversized yes
		return err
	}
	c := make([]byte, b.Len())
	copy(c, b.Bytes()) //accuracy: pool-escape-after-put no
	bufPool.Put(b)     //accuracy: pool-oversized yes
	p.mu.Lock()
	p.pending = append(p.pending, c)
	p.mu.Unlock()
	return nil
}

// RespondThenPut writes before putting back.
func RespondThenPut(w http.ResponseWriter, v any) {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	json.NewEncoder(b).Encode(v)
	w.Write(b.Bytes()) //accuracy: pool-escape-after-put no
	bufPool.Put(b)     //accuracy: pool-oversized yes
}

// WriteDeferred uses the bytes inside the function while the Put is deferred.
func WriteDeferred(w io.Writer, m *Message) (int, error) {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	defer bufPool.Put(b) //accuracy: pool-oversized yes
	json.NewEncoder(b).Encode(m)
	return w.Write(b.Bytes()) //accuracy: pool-escape-after-put no
}

// LenAfterPut reads only the length, an int, after Put.
func LenAfterPut(m *Message) int {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	json.NewEncoder(b).Encode(m)
	n := b.Len()
	bufPool.Put(b) //accuracy: pool-oversized yes
	return n       //accuracy: pool-escape-after-put no
}

// StoreCopy caches a string copy taken before Put.
func (c *cache) StoreCopy(key string, v any) {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	json.NewEncoder(b).Encode(v)
	s := b.String() //accuracy: pool-escape-after-put no
	bufPool.Put(b)  //accuracy: pool-oversized yes
	c.mu.Lock()
	c.items[key] = []byte(s)
	c.mu.Unlock()
}

var ownPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Detached returns a buffer that was taken from the pool and never put back:
// ownership goes to the caller.
func Detached(m *Message) *bytes.Buffer {
	b := ownPool.Get().(*bytes.Buffer)
	b.Reset()
	json.NewEncoder(b).Encode(m)
	return b //accuracy: pool-escape-after-put no
}

// PublishCopy sends a clone after Put — the clone was made before.
func PublishCopy(out chan<- []byte, m *Message) {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	json.NewEncoder(b).Encode(m)
	c := bytes.Clone(b.Bytes())
	bufPool.Put(b) //accuracy: pool-oversized yes
	out <- c       //accuracy: pool-escape-after-put no
}

// Fresh gets a new buffer after Put and returns its bytes before putting it back.
func Fresh(level, msg string) string {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	b.WriteString(level)
	bufPool.Put(b) //accuracy: pool-oversized yes
	b = new(bytes.Buffer)
	b.WriteString(msg)
	return string(b.Bytes()) //accuracy: pool-escape-after-put no
}
