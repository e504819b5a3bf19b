package poolnoreset

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strconv"
	"strings"
	"sync"
)

// EncodeEvent resets right after Get.
func EncodeEvent(w io.Writer, kind string, id int) error {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	b.WriteString(kind)
	b.WriteByte(':')
	b.WriteString(strconv.Itoa(id))
	_, err := w.Write(b.Bytes())
	bufPool.Put(b) //accuracy: pool-no-reset no //accuracy: pool-oversized yes
	return err
}

// QuoteAll resets right before Put.
func QuoteAll(items []string) string {
	sb := sbPool.Get().(*strings.Builder)
	for _, it := range items {
		sb.WriteString(strconv.Quote(it))
		sb.WriteByte(' ')
	}
	s := sb.String()
	sb.Reset()
	sbPool.Put(sb) //accuracy: pool-no-reset no //accuracy: pool-oversized yes
	return s
}

// CountHosts clears the map before returning it.
func CountHosts(urls []string) int {
	m := countsPool.Get().(map[string]int)
	for _, u := range urls {
		if i := strings.Index(u, "://"); i >= 0 {
			host, _, _ := strings.Cut(u[i+3:], "/")
			m[host]++
		}
	}
	n := len(m)
	clear(m)
	countsPool.Put(m) //accuracy: pool-no-reset no
	return n
}

// AppendKV truncates the pooled slice after Get.
func AppendKV(w io.Writer, k, v string) error {
	p := scratchPool.Get().(*[]byte)
	*p = (*p)[:0]
	*p = append(*p, k...)
	*p = append(*p, '=')
	*p = append(*p, v...)
	_, err := w.Write(*p)
	scratchPool.Put(p) //accuracy: pool-no-reset no //accuracy: pool-oversized yes
	return err
}

func resetBuf(b *bytes.Buffer) *bytes.Buffer {
	b.Reset()
	return b
}

// Banner gets its buffer reset by a helper.
func Banner(w io.Writer, title string) {
	b := resetBuf(msgPool.Get().(*bytes.Buffer))
	b.WriteString("*** ")
	b.WriteString(title)
	b.WriteString(" ***\n")
	b.WriteTo(w)
	msgPool.Put(b) //accuracy: pool-no-reset no //accuracy: pool-oversized yes
}

func release(b *strings.Builder) {
	b.Reset()
	pathPool.Put(b) //accuracy: pool-no-reset no //accuracy: pool-oversized yes
}

// SlugOf hands the builder to release, which resets it before Put.
func SlugOf(title string) string {
	b := pathPool.Get().(*strings.Builder)
	for _, r := range strings.ToLower(title) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	s := b.String()
	release(b)
	return s
}

var digestPool = sync.Pool{New: func() any { return new([sha256.Size]byte) }}

// Fingerprint fills a fixed array in full on every use: nothing stale survives.
func Fingerprint(data []byte) string {
	d := digestPool.Get().(*[sha256.Size]byte)
	*d = sha256.Sum256(data)
	s := hex.EncodeToString(d[:])
	digestPool.Put(d) //accuracy: pool-no-reset no
	return s
}

type point struct{ X, Y, Z float64 }

var pointPool = sync.Pool{New: func() any { return new(point) }}

// Distance overwrites every field of a pooled fixed struct.
func Distance(x, y, z float64) float64 {
	p := pointPool.Get().(*point)
	*p = point{X: x, Y: y, Z: z}
	d := p.X*p.X + p.Y*p.Y + p.Z*p.Z
	pointPool.Put(p) //accuracy: pool-no-reset no
	return d
}

var readPool = sync.Pool{New: func() any { s := make([]byte, 16<<10); return &s }}

// Drain reads through a fixed scratch buffer that each Read overwrites.
func Drain(r io.Reader) (int64, error) {
	p := readPool.Get().(*[]byte)
	var total int64
	for {
		n, err := r.Read(*p)
		total += int64(n)
		if err == io.EOF {
			readPool.Put(p) //accuracy: pool-no-reset no
			return total, nil
		}
		if err != nil {
			readPool.Put(p) //accuracy: pool-no-reset no
			return total, err
		}
	}
}

// TagSet clears the map right after Get.
func TagSet(tags []string) []string {
	m := headerSetPool.Get().(map[string][]string)
	clear(m)
	for _, t := range tags {
		k, v, _ := strings.Cut(t, ":")
		m[k] = append(m[k], v)
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	headerSetPool.Put(m) //accuracy: pool-no-reset no
	return out
}
