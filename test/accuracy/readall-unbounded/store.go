package readallunbounded

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
)

type Store struct{ dir string }

// Ingest decompresses the body and reads it whole.
func (s *Store) Ingest(w http.ResponseWriter, r *http.Request) {
	zr, err := gzip.NewReader(r.Body)
	if err != nil {
		return
	}
	data, _ := io.ReadAll(zr) //accuracy: readall-unbounded yes
	_ = data
}

// Copy copies the body into a buffer.
func (s *Store) Copy(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r.Body); err != nil { //accuracy: readall-unbounded yes
		return
	}
	_ = buf.Len()
}

// Open opens the client's file and reads it all.
func (s *Store) Open(w http.ResponseWriter, r *http.Request) {
	f, err := os.Open(filepath.Join(s.dir, r.PathValue("name")))
	if err != nil {
		return
	}
	defer f.Close()
	b, _ := io.ReadAll(f) //accuracy: readall-unbounded yes
	w.Write(b)
}

// Raw reads a file named in a header.
func (s *Store) Raw(w http.ResponseWriter, req *http.Request) {
	b, err := os.ReadFile(filepath.Join(s.dir, req.Header.Get("X-File"))) //accuracy: readall-unbounded yes
	if err == nil {
		w.Write(b)
	}
}

// Lines streams the body line by line.
func (s *Store) Lines(w http.ResponseWriter, r *http.Request) {
	sc := bufio.NewScanner(r.Body)
	for sc.Scan() { //accuracy: readall-unbounded no
		_ = sc.Text()
	}
}

// Backend reads a response from a fixed backend.
func (s *Store) Backend(w http.ResponseWriter, r *http.Request) {
	req, _ := http.NewRequestWithContext(r.Context(), http.MethodGet, "http://inventory.internal/items", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body) //accuracy: readall-unbounded no
	w.Write(b)
}

// Limited copies at most 1 MiB into a buffer.
func (s *Store) Limited(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	_, _ = io.Copy(&buf, io.LimitReader(r.Body, 1<<20)) //accuracy: readall-unbounded no
	var v map[string]any
	_ = json.Unmarshal(buf.Bytes(), &v)
}

// Static serves a fixed asset.
func (s *Store) Static(w http.ResponseWriter, r *http.Request) {
	b, _ := os.ReadFile(filepath.Join(s.dir, "index.html")) //accuracy: readall-unbounded no
	w.Write(b)
}

// ToDisk copies the body to a file.
func (s *Store) ToDisk(w http.ResponseWriter, r *http.Request) {
	f, _ := os.Create(filepath.Join(s.dir, "upload.bin"))
	defer f.Close()
	_, _ = io.Copy(f, r.Body) //accuracy: readall-unbounded no
}

// Bounded wraps the body first, then decompresses.
func (s *Store) Bounded(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	data, _ := io.ReadAll(r.Body) //accuracy: readall-unbounded no
	_ = data
}
