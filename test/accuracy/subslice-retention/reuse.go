package subsliceretention

import (
	"strings"
	"sync"
)

// freeList keeps emptied buffers for reuse, capacity and all.
type freeList struct {
	mu   sync.Mutex
	bufs [][]byte
}

func (f *freeList) put(b []byte) {
	f.mu.Lock()
	f.bufs = append(f.bufs, b[:0]) //accuracy: subslice-retention no
	f.mu.Unlock()
}

var (
	tokMu  sync.Mutex
	tokens = map[string]string{}
)

// StoreToken parses "user:token" and keeps both halves: together they are the whole.
func StoreToken(pair string) {
	user, tok, ok := strings.Cut(pair, ":")
	if !ok {
		return
	}
	tokMu.Lock()
	tokens[user] = tok //accuracy: subslice-retention no
	tokMu.Unlock()
}
