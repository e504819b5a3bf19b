package subsliceretention

import (
	"bufio"
	"io"
	"strings"
	"sync"
)

type Entry struct {
	Host string
	Path string
}

type Registry struct {
	mu      sync.Mutex
	entries map[string]*Entry
	recent  []string
	name    string
}

// Register keeps the host of a raw request line in a struct stored in the registry.
func (g *Registry) Register(id, raw string) {
	i := strings.Index(raw, "://")
	j := strings.IndexByte(raw[i+3:], '/')
	if i < 0 || j < 0 {
		return
	}
	g.mu.Lock()
	g.entries[id] = &Entry{Host: raw[i+3 : i+3+j]} //accuracy: subslice-retention yes
	g.mu.Unlock()
}

// Remember appends the first 80 bytes of each message to the recent list.
func (g *Registry) Remember(msg string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.recent = append(g.recent, msg[:min(80, len(msg))]) //accuracy: subslice-retention yes
}

var (
	keysMu sync.Mutex
	keys   = map[string]bool{}
)

// Keys reads a dump and keeps the first field of every line.
func Keys(r io.Reader) {
	rd := bufio.NewReader(r)
	for {
		line, err := rd.ReadString('\n')
		if err != nil {
			return
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		keysMu.Lock()
		keys[f[0]] = true //accuracy: subslice-retention yes
		keysMu.Unlock()
	}
}

// Rename copies before storing.
func (g *Registry) Rename(full string) {
	g.mu.Lock()
	g.name = strings.Clone(full[:min(16, len(full))]) //accuracy: subslice-retention no
	g.mu.Unlock()
}

// Local keeps pieces in a local slice only.
func Local(doc string) []string {
	var out []string
	for _, l := range strings.Split(doc, "\n") {
		out = append(out, l[:min(3, len(l))]) //accuracy: subslice-retention no
	}
	return out
}

// Entry copies a name into a struct stored in the registry.
func (g *Registry) Named(id, raw string) {
	g.mu.Lock()
	g.entries[id] = &Entry{Host: string([]byte(raw[:4]))} //accuracy: subslice-retention no
	g.mu.Unlock()
}
