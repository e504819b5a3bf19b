// Package logparse parses and aggregates the service's access log.
//
// A line looks like
//
//	2025-03-14T09:26:53Z GET /orders/SO-42 200 512 1.25ms client=10.0.0.7 route=/orders/{id} tenant=acme
//
// The fields after the duration are optional key=value attributes.
package logparse

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// Entry is one parsed access-log line. Its string fields point into the
// line they were parsed from.
type Entry struct {
	Time     string
	Method   string
	Path     string
	Client   string
	Route    string
	Attrs    string // the raw key=value attributes
	Status   int
	Bytes    int64
	Duration time.Duration
}

var errShort = errors.New("logparse: short line")

// ParseLine parses one access-log line without allocating.
func ParseLine(line string) (Entry, error) {
	var e Entry
	var status, size, dur string
	for _, f := range [...]*string{&e.Time, &e.Method, &e.Path, &status, &size, &dur} {
		var ok bool
		*f, line, ok = strings.Cut(line, " ")
		if *f == "" || (!ok && f != &dur) {
			return Entry{}, errShort
		}
	}
	var err error
	if e.Status, err = strconv.Atoi(status); err != nil {
		return Entry{}, fmt.Errorf("logparse: bad status %q", status)
	}
	if e.Bytes, err = strconv.ParseInt(size, 10, 64); err != nil {
		return Entry{}, fmt.Errorf("logparse: bad size %q", size)
	}
	if e.Duration, err = time.ParseDuration(dur); err != nil {
		return Entry{}, fmt.Errorf("logparse: bad duration %q", dur)
	}
	e.Attrs = line
	for line != "" {
		var kv string
		kv, line, _ = strings.Cut(line, " ")
		switch k, v, _ := strings.Cut(kv, "="); k {
		case "client":
			e.Client = v
		case "route":
			e.Route = v
		}
	}
	if e.Route == "" {
		e.Route = e.Path
	}
	return e, nil
}

// Attrs adds the key=value attributes of attrs to dst.
func Attrs(attrs string, dst map[string]string) {
	for attrs != "" {
		var kv string
		kv, attrs, _ = strings.Cut(attrs, " ")
		if k, v, ok := strings.Cut(kv, "="); ok {
			dst[k] = v
		}
	}
}

var (
	newline = []byte{'\n'}
	space   = []byte{' '}
)

// Grep copies the lines of r that contain needle to w and returns how many
// lines matched.
func Grep(r io.Reader, w io.Writer, needle string) (int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		line := sc.Bytes()
		if !bytes.Contains(line, []byte(needle)) {
			continue
		}
		n++
		if _, err := w.Write(line); err != nil {
			return n, err
		}
		if _, err := w.Write(newline); err != nil {
			return n, err
		}
	}
	return n, sc.Err()
}

// GrepFiles runs Grep over each file in turn.
func GrepFiles(w io.Writer, needle string, paths ...string) (int, error) {
	total := 0
	for _, p := range paths {
		n, err := func() (int, error) {
			f, err := os.Open(p)
			if err != nil {
				return 0, err
			}
			defer f.Close()
			return Grep(f, w, needle)
		}()
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

var methodIndex = map[string]int{"GET": 0, "POST": 1, "PUT": 2, "DELETE": 3}

// MethodCounts counts lines per HTTP method: GET, POST, PUT, DELETE and
// anything else, in that order. Lines starting with '#' are comments.
func MethodCounts(r io.Reader) ([5]int, error) {
	var counts [5]int
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) == 0 || string(line[:1]) == "#" {
			continue
		}
		_, rest, _ := bytes.Cut(line, space)
		method, _, _ := bytes.Cut(rest, space)
		if i, ok := methodIndex[string(method)]; ok {
			counts[i]++
		} else {
			counts[4]++
		}
	}
	return counts, sc.Err()
}
