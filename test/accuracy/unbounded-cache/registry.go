package unboundedcache

import (
	"errors"
	"fmt"
	"sync"
)

// Exporters are registered by name at start-up by each plugin package; a name registered twice
// is a programming error.
type exporterRegistry struct {
	mu        sync.Mutex
	factories map[string]func(endpoint string) (Exporter, error)
}

type Exporter interface{ Export(batch [][]byte) error }

var exporters = &exporterRegistry{factories: map[string]func(string) (Exporter, error){}}

func (r *exporterRegistry) Register(name string, factory func(endpoint string) (Exporter, error)) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.factories[name]; ok {
		return fmt.Errorf("exporter %q already registered", name)
	}
	r.factories[name] = factory //accuracy: unbounded-cache no
	return nil
}

func (r *exporterRegistry) New(name, endpoint string) (Exporter, error) {
	r.mu.Lock()
	f, ok := r.factories[name]
	r.mu.Unlock()
	if !ok {
		return nil, errors.New("unknown exporter " + name)
	}
	return f(endpoint)
}

var (
	formatsMu sync.Mutex
	formats   = map[string]string{}
)

// RegisterFormat panics on a duplicate content type, like database/sql.Register.
func RegisterFormat(contentType, name string) {
	formatsMu.Lock()
	defer formatsMu.Unlock()
	if _, dup := formats[contentType]; dup {
		panic("format registered twice for " + contentType)
	}
	formats[contentType] = name //accuracy: unbounded-cache no
}

// Resolved keeps every endpoint a tenant ever asked for: the lookup hit returns the entry,
// a miss adds one, and nothing removes them.
var (
	resolvedMu sync.Mutex
	resolved   = map[string]string{}
)

func Resolve(tenant string, lookup func(string) (string, error)) (string, error) {
	resolvedMu.Lock()
	defer resolvedMu.Unlock()
	if addr, ok := resolved[tenant]; ok {
		return addr, nil
	}
	addr, err := lookup(tenant)
	if err != nil {
		return "", err
	}
	resolved[tenant] = addr //accuracy: unbounded-cache yes
	return addr, nil
}

// Routing verbs are numbered by registration into a bit set, so there can be at most 62: the
// count is checked through a local before the insert.
var verbBits = map[string]uint64{}

func RegisterVerb(verb string) uint64 {
	if bit, ok := verbBits[verb]; ok {
		return bit
	}
	n := len(verbBits)
	if n >= 62 {
		panic(fmt.Sprintf("too many verbs: %d", n))
	}
	verbBits[verb] = 1 << n //accuracy: unbounded-cache no
	return verbBits[verb]
}
