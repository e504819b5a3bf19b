// Package readallunbounded holds the HTTP handlers of a document upload API.
package readallunbounded

import (
	"bytes"
	"encoding/json"
	"io"
	"io/ioutil"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

const maxUpload = 8 << 20

// Doc is a stored document.
type Doc struct {
	Name string `json:"name"`
	Body string `json:"body"`
}

// Server serves the document API.
type Server struct {
	root string
	docs map[string][]byte
}

// CreateDoc decodes a JSON document from the request body.
func (s *Server) CreateDoc(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body) //accuracy: readall-unbounded yes
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var d Doc
	if err := json.Unmarshal(body, &d); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.docs[d.Name] = []byte(d.Body)
}

// Upload stores a raw upload under the name in the URL.
func (s *Server) Upload(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/upload/")
	data, err := ioutil.ReadAll(r.Body) //accuracy: readall-unbounded yes
	if err != nil {
		http.Error(w, "read failed", http.StatusBadRequest)
		return
	}
	s.docs[name] = data
	w.WriteHeader(http.StatusCreated)
}

// Webhook verifies and processes a webhook payload.
func Webhook(secret string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		defer r.Body.Close()
		payload, err := io.ReadAll(r.Body) //accuracy: readall-unbounded yes
		if err != nil || !bytes.Contains(payload, []byte(secret)) {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// readBody is a helper used by several handlers.
func readBody(r *http.Request) (string, error) {
	b, err := io.ReadAll(r.Body) //accuracy: readall-unbounded yes
	return string(b), err
}

// Echo echoes the request body back.
func Echo(w http.ResponseWriter, r *http.Request) {
	s, err := readBody(r)
	if err != nil {
		return
	}
	_, _ = io.WriteString(w, s)
}

// Proxy forwards the request body to a backend after reading it fully.
func (s *Server) Proxy(w http.ResponseWriter, req *http.Request) {
	raw, err := io.ReadAll(req.Body) //accuracy: readall-unbounded yes
	if err != nil {
		return
	}
	resp, err := http.Post("http://backend.internal/ingest", "application/octet-stream", bytes.NewReader(raw))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	_, _ = io.Copy(w, io.LimitReader(resp.Body, maxUpload))
}

// Download serves a file chosen by the client from the document root.
func (s *Server) Download(w http.ResponseWriter, r *http.Request) {
	name := filepath.Base(r.URL.Query().Get("file"))
	data, err := os.ReadFile(filepath.Join(s.root, name)) //accuracy: readall-unbounded yes
	if err != nil {
		http.NotFound(w, r)
		return
	}
	_, _ = w.Write(data)
}

// Import reads a form field's uploaded file in full.
func (s *Server) Import(w http.ResponseWriter, r *http.Request) {
	f, hdr, err := r.FormFile("file")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	defer f.Close()
	content, err := io.ReadAll(f) //accuracy: readall-unbounded yes
	if err != nil {
		return
	}
	s.docs[hdr.Filename] = content
}

// Patch reads the body into a bytes.Buffer, which is the same as ReadAll.
func (s *Server) Patch(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(r.Body); err != nil { //accuracy: readall-unbounded yes
		return
	}
	s.docs[r.URL.Path] = buf.Bytes()
}

// Batch handles a list of documents.
func (s *Server) Batch(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	all, err := io.ReadAll(r.Body) //accuracy: readall-unbounded yes
	if err != nil {
		return
	}
	for _, line := range bytes.Split(all, []byte("\n")) {
		s.docs[string(line)] = nil
	}
}

// Mirror reads the body of an arbitrary URL supplied by the client.
func Mirror(w http.ResponseWriter, r *http.Request) {
	resp, err := http.Get(r.URL.Query().Get("url"))
	if err != nil {
		return
	}
	defer resp.Body.Close()
	page, err := io.ReadAll(resp.Body) //accuracy: readall-unbounded yes
	if err != nil {
		return
	}
	_, _ = w.Write(page)
}

// CreateDocBounded bounds the body first.
func (s *Server) CreateDocBounded(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	body, err := io.ReadAll(r.Body) //accuracy: readall-unbounded no
	if err != nil {
		http.Error(w, "too large", http.StatusRequestEntityTooLarge)
		return
	}
	s.docs["x"] = body
}

// UploadLimited reads through a LimitReader in the call.
func (s *Server) UploadLimited(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(io.LimitReader(r.Body, maxUpload)) //accuracy: readall-unbounded no
	if err != nil {
		return
	}
	s.docs[r.URL.Path] = data
}

// CreateDocStream decodes the body as a stream, never holding it all.
func (s *Server) CreateDocStream(w http.ResponseWriter, r *http.Request) {
	var d Doc
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxUpload))
	if err := dec.Decode(&d); err != nil { //accuracy: readall-unbounded no
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.docs[d.Name] = []byte(d.Body)
}

// LimitedVar bounds via a variable holding the limited reader.
func (s *Server) LimitedVar(w http.ResponseWriter, r *http.Request) {
	lr := io.LimitReader(r.Body, 64<<10)
	data, err := io.ReadAll(lr) //accuracy: readall-unbounded no
	if err != nil {
		return
	}
	s.docs["small"] = data
}

// LoadConfig reads the service's own config at startup: an operator-controlled file.
func LoadConfig(path string) (map[string]string, error) {
	raw, err := os.ReadFile(path) //accuracy: readall-unbounded no
	if err != nil {
		return nil, err
	}
	cfg := map[string]string{}
	return cfg, json.Unmarshal(raw, &cfg)
}

// ReadString reads from an in-memory reader of known size.
func ReadString(s string) ([]byte, error) {
	return io.ReadAll(strings.NewReader(s)) //accuracy: readall-unbounded no
}

// Stream copies the request body to disk without buffering it.
func (s *Server) Stream(w http.ResponseWriter, r *http.Request) {
	f, err := os.CreateTemp(s.root, "upload-*")
	if err != nil {
		return
	}
	defer f.Close()
	_, _ = io.Copy(f, r.Body) //accuracy: readall-unbounded no
}

// DrainBody discards the body so the connection can be reused.
func DrainBody(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, 4096)) //accuracy: readall-unbounded no
	w.WriteHeader(http.StatusAccepted)
}

// Template reads an embedded template file shipped with the binary.
func Template() ([]byte, error) {
	return os.ReadFile("/etc/docapi/page.tmpl") //accuracy: readall-unbounded no
}

// Middleware bounds every body before the next handler reads it.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
		next.ServeHTTP(w, r)
	})
}

// CheckBody reads a tiny body after checking ContentLength, then bounds it anyway.
func CheckBody(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength > 1024 {
		http.Error(w, "too large", http.StatusRequestEntityTooLarge)
		return
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, 1024)) //accuracy: readall-unbounded no
	if err != nil {
		return
	}
	_, _ = w.Write(b)
}
