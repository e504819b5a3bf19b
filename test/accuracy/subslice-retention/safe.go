package subsliceretention

import (
	"bytes"
	"net/http"
	"strings"
	"sync"
)

// IndexUploadClone copies the title before storing it.
func IndexUploadClone(id string, doc string) {
	i := strings.Index(doc, "<title>")
	j := strings.Index(doc, "</title>")
	if i < 0 || j < i {
		return
	}
	mu.Lock()
	titles[id] = strings.Clone(doc[i+len("<title>") : j]) //accuracy: subslice-retention no
	mu.Unlock()
}

// SignatureCopy stores a copy of the trailer.
func SignatureCopy(name string, blob []byte) {
	if len(blob) < 32 {
		return
	}
	mu.Lock()
	sigCache[name] = bytes.Clone(blob[len(blob)-32:]) //accuracy: subslice-retention no
	mu.Unlock()
}

// SetLatestString converts to a string, which copies.
func (x *Index) SetLatestString(frame []byte, off, n int) {
	x.mu.Lock()
	x.banner = string(frame[off : off+n]) //accuracy: subslice-retention no
	x.mu.Unlock()
}

// FirstWord returns a sub-string: the caller decides how long it lives.
func FirstWord(s string) string {
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i] //accuracy: subslice-retention no
	}
	return s
}

// Route splits a path into segments held only for this request.
func Route(r *http.Request) (string, string) {
	p := r.URL.Path
	seg := p[1:] //accuracy: subslice-retention no
	head, tail, _ := strings.Cut(seg, "/")
	return head, tail
}

// SetWhole stores the whole frame: nothing larger is kept alive.
func (x *Index) SetWhole(frame []byte) {
	x.mu.Lock()
	x.latest = frame //accuracy: subslice-retention no
	x.mu.Unlock()
}

// SetExact trims a buffer that is exactly the payload (full slice expression of the whole).
func (x *Index) SetExact(payload []byte) {
	x.mu.Lock()
	x.latest = payload[:len(payload):len(payload)] //accuracy: subslice-retention no
	x.mu.Unlock()
}

type document struct {
	mu    sync.Mutex
	raw   []byte
	title []byte
}

// Parse keeps the raw bytes and a sub-slice of them: the whole lives as long anyway.
func (d *document) Parse(raw []byte) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.raw = raw
	if i := bytes.IndexByte(raw, '\n'); i > 0 {
		d.title = raw[:i] //accuracy: subslice-retention no
	}
}

var (
	levelMu  sync.Mutex
	minLevel string
)

// SetLevel stores a prefix of a short, constant-size flag value.
func SetLevel(flag string) {
	lvl := strings.ToUpper(flag)
	levelMu.Lock()
	minLevel = lvl[:min(5, len(lvl))] //accuracy: subslice-retention no
	levelMu.Unlock()
}

// Prefix keeps 4 bytes of a 16-byte fixed key in a local map returned to the caller.
func Prefix(keys [][16]byte) map[string][]byte {
	out := make(map[string][]byte, len(keys))
	for _, k := range keys {
		out[string(k[:4])] = k[4:8] //accuracy: subslice-retention no
	}
	return out
}

// LoadManifestCopy appends into a fresh slice.
func LoadManifestCopy(data []byte) {
	if i := bytes.IndexByte(data, '\n'); i > 0 {
		currentETag = append([]byte(nil), data[:i]...) //accuracy: subslice-retention no
	}
}
