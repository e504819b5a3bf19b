// Package subsliceretention indexes uploaded documents and access logs.
package subsliceretention

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
)

var (
	mu        sync.Mutex
	titles    = map[string]string{}
	lastError string
	sigCache  = map[string][]byte{}
)

// IndexUpload stores the title of an uploaded HTML document (bodies are megabytes).
func IndexUpload(id string, r *http.Request) error {
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, 8<<20))
	if err != nil {
		return err
	}
	doc := string(body)
	i := strings.Index(doc, "<title>")
	j := strings.Index(doc, "</title>")
	if i < 0 || j < i {
		return nil
	}
	mu.Lock()
	titles[id] = doc[i+len("<title>") : j] //accuracy: subslice-retention yes
	mu.Unlock()
	return nil
}

// RecordFailure keeps the first line of a crash dump for the status page.
func RecordFailure(dump string) {
	line, _, _ := strings.Cut(dump, "\n")
	mu.Lock()
	lastError = dump[:len(line)] //accuracy: subslice-retention yes
	mu.Unlock()
}

// Signature keeps the 32-byte trailer of each uploaded binary.
func Signature(name string, blob []byte) {
	if len(blob) < 32 {
		return
	}
	mu.Lock()
	sigCache[name] = blob[len(blob)-32:] //accuracy: subslice-retention yes
	mu.Unlock()
}

type Index struct {
	mu       sync.RWMutex
	headings map[string][]string
	summary  map[string]string
	latest   []byte
	banner   string
}

// AddDocument keeps every markdown heading of a document, sliced from the file text.
func (x *Index) AddDocument(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	text := string(data)
	var hs []string
	for len(text) > 0 {
		line, rest, _ := strings.Cut(text, "\n")
		if strings.HasPrefix(line, "# ") {
			hs = append(hs, line[2:])
		}
		text = rest
	}
	x.mu.Lock()
	x.headings[path] = hs
	x.summary[path] = string(data)[:min(200, len(data))] //accuracy: subslice-retention yes
	x.mu.Unlock()
	return nil
}

// SetLatest remembers the most recent message payload out of a big read frame.
func (x *Index) SetLatest(frame []byte, off, n int) {
	x.mu.Lock()
	x.latest = frame[off : off+n] //accuracy: subslice-retention yes
	x.mu.Unlock()
}

// SetBanner takes the banner from a fetched page.
func (x *Index) SetBanner(page string) {
	if i := strings.Index(page, "<h1>"); i >= 0 {
		if j := strings.Index(page[i:], "</h1>"); j >= 0 {
			x.mu.Lock()
			x.banner = page[i+4 : i+j] //accuracy: subslice-retention yes
			x.mu.Unlock()
		}
	}
}

var (
	agentsMu sync.Mutex
	agents   = map[string]int{}
	hosts    = map[string]string{}
)

// TrackAgents keys a counter by the user agent sliced from a raw log line.
func TrackAgents(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		q := strings.LastIndexByte(line[:len(line)-1], '"')
		if q < 0 || len(line) < 2 {
			continue
		}
		ua := line[q+1 : len(line)-1]
		agentsMu.Lock()
		agents[ua]++ //accuracy: subslice-retention yes //accuracy: unbounded-cache yes
		agentsMu.Unlock()
	}
}

// RememberHost keeps the host part of a request URI for each tenant.
func RememberHost(tenant, rawURL string) {
	rest := strings.TrimPrefix(rawURL, "https://")
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		agentsMu.Lock()
		hosts[tenant] = rest[:i] //accuracy: subslice-retention yes
		agentsMu.Unlock()
	}
}

var currentETag []byte

// LoadManifest keeps the etag from the head of a large manifest file.
func LoadManifest(data []byte) {
	if i := bytes.IndexByte(data, '\n'); i > 0 {
		currentETag = data[:i] //accuracy: subslice-retention yes
	}
}

type Session struct {
	mu    sync.Mutex
	token string
	vals  map[string]string
}

// Login keeps the token taken out of a whole JSON response body.
func (s *Session) Login(resp string) {
	const key = `"token":"`
	i := strings.Index(resp, key)
	if i < 0 {
		return
	}
	rest := resp[i+len(key):]
	j := strings.IndexByte(rest, '"')
	if j < 0 {
		return
	}
	s.mu.Lock()
	s.token = rest[:j] //accuracy: subslice-retention yes
	s.mu.Unlock()
}

// SetVar keeps a value sliced from a big form body.
func (s *Session) SetVar(body string, name string) {
	i := strings.Index(body, name+"=")
	if i < 0 {
		return
	}
	v := body[i+len(name)+1:]
	if j := strings.IndexByte(v, '&'); j >= 0 {
		v = v[:j]
	}
	s.mu.Lock()
	s.vals[name] = v //accuracy: subslice-retention yes
	s.mu.Unlock()
}
