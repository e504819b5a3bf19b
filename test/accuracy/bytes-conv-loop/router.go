// Package bytesconvloop holds the request matcher and log scanner of an edge proxy.
package bytesconvloop

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"hash/crc32"
	"io"
	"strings"
)

// Route is a configured route.
type Route struct {
	Prefix  string
	Backend string
}

// Signer signs outgoing requests.
type Signer struct {
	secret string
}

// SignAll signs every payload with the same key.
func (s *Signer) SignAll(payloads [][]byte) [][]byte {
	sigs := make([][]byte, 0, len(payloads))
	for _, p := range payloads {
		mac := hmac.New(sha256.New, []byte(s.secret)) //accuracy: bytes-conv-loop yes
		mac.Write(p)
		sigs = append(sigs, mac.Sum(nil))
	}
	return sigs
}

// CountHeader counts lines containing a header name.
func CountHeader(lines [][]byte, header string) int {
	n := 0
	for _, l := range lines {
		if bytes.Contains(l, []byte(header)) { //accuracy: bytes-conv-loop yes
			n++
		}
	}
	return n
}

// Match finds the route whose prefix starts the path.
func Match(path []byte, routes []Route) string {
	for _, r := range routes {
		if strings.HasPrefix(string(path), r.Prefix) { //accuracy: bytes-conv-loop yes
			return r.Backend
		}
	}
	return ""
}

// WriteAll writes the same banner to every client.
func WriteAll(ws []io.Writer, banner string) {
	for _, w := range ws {
		_, _ = w.Write([]byte(banner)) //accuracy: bytes-conv-loop yes
	}
}

// Checksums computes a salted crc per block.
func Checksums(blocks [][]byte, salt string) []uint32 {
	out := make([]uint32, len(blocks))
	for i, b := range blocks {
		h := crc32.NewIEEE()
		h.Write([]byte(salt)) //accuracy: bytes-conv-loop yes
		h.Write(b)
		out[i] = h.Sum32()
	}
	return out
}

// Grep scans a log for lines containing the needle.
func Grep(r io.Reader, needle string) [][]byte {
	var hits [][]byte
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if bytes.Index(sc.Bytes(), []byte(needle)) >= 0 { //accuracy: bytes-conv-loop yes
			hits = append(hits, bytes.Clone(sc.Bytes()))
		}
	}
	return hits
}

// Tags extracts the host from the request line for every tag.
func Tags(reqLine []byte, tags []string) []string {
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		out = append(out, t+"@"+string(reqLine)) //accuracy: bytes-conv-loop yes
	}
	return out
}

// SplitAll splits each body by the same separator.
func SplitAll(bodies [][]byte, sep string) int {
	total := 0
	for _, b := range bodies {
		total += len(bytes.Split(b, []byte(sep))) //accuracy: bytes-conv-loop yes
	}
	return total
}

// Replace replaces the token in every template.
func Replace(tpls []string, token []byte, value string) []string {
	out := make([]string, len(tpls))
	for i, t := range tpls {
		out[i] = strings.ReplaceAll(t, string(token), value) //accuracy: bytes-conv-loop yes
	}
	return out
}

// Retry resends the same body on every attempt.
func Retry(send func([]byte) error, body string, attempts int) error {
	var err error
	for a := 0; a < attempts; a++ {
		if err = send([]byte(body)); err == nil { //accuracy: bytes-conv-loop yes
			return nil
		}
	}
	return err
}

// Lookup looks up each key in a string-keyed map: the compiler avoids the copy.
func Lookup(keys [][]byte, m map[string]int) int {
	sum := 0
	for _, k := range keys {
		sum += m[string(k)] //accuracy: bytes-conv-loop no
	}
	return sum
}

// IsMethod compares bytes to a string: no copy.
func IsMethod(lines [][]byte, method []byte) int {
	n := 0
	for range lines {
		if string(method) == "GET" { //accuracy: bytes-conv-loop no
			n++
		}
	}
	return n
}

// Classify switches on string(b): compiled without a copy.
func Classify(verbs [][]byte) (reads, writes int) {
	for _, v := range verbs {
		switch string(v) { //accuracy: bytes-conv-loop no
		case "GET", "HEAD":
			reads++
		default:
			writes++
		}
	}
	return
}

// Checksum ranges over []byte(s): no copy.
func Checksum(ss []string) uint32 {
	var sum uint32
	for _, s := range ss {
		for _, c := range []byte(s) { //accuracy: bytes-conv-loop no
			sum += uint32(c)
		}
	}
	return sum
}

// Store converts each distinct line once: the operand changes every iteration.
func Store(lines [][]byte) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = string(l) //accuracy: bytes-conv-loop no
	}
	return out
}

// Hoisted converts once before the loop.
func Hoisted(lines [][]byte, header string) int {
	h := []byte(header) //accuracy: bytes-conv-loop no
	n := 0
	for _, l := range lines {
		if bytes.Contains(l, h) {
			n++
		}
	}
	return n
}

// Scan copies each scanned line to a string: a new value per iteration.
func Scan(r io.Reader) []string {
	var out []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		out = append(out, string(sc.Bytes())) //accuracy: bytes-conv-loop no
	}
	return out
}

// Mutate converts a buffer that changes each iteration.
func Mutate(words []string) []string {
	buf := make([]byte, 0, 64)
	out := make([]string, 0, len(words))
	for _, w := range words {
		buf = append(buf[:0], w...)
		buf = bytes.ToUpper(buf)
		out = append(out, string(buf)) //accuracy: bytes-conv-loop no
	}
	return out
}

// Runes converts ints to runes: not a byte/string copy.
func Runes(codes []int) string {
	var b strings.Builder
	for _, c := range codes {
		b.WriteString(string(rune(c))) //accuracy: bytes-conv-loop no
	}
	return b.String()
}

// Equalish compares two byte slices as strings: no copy.
func Equalish(a []byte, bs [][]byte) int {
	n := 0
	for _, b := range bs {
		if string(a) == string(b) { //accuracy: bytes-conv-loop no
			n++
		}
	}
	return n
}

// WriteStrings writes each distinct string; each conversion has a different operand.
func WriteStrings(w io.Writer, parts []string) {
	for _, p := range parts {
		_, _ = w.Write([]byte(p)) //accuracy: bytes-conv-loop no
	}
}
