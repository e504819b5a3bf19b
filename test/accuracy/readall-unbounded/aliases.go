package readallunbounded

import (
	"io"
	"net/http"
)

// Alias reads the body through a local alias of it.
func Alias(w http.ResponseWriter, r *http.Request) {
	body := r.Body
	defer body.Close()
	b, err := io.ReadAll(body) //accuracy: readall-unbounded yes
	if err != nil {
		return
	}
	_, _ = w.Write(b)
}

// NopLimited bounds the body with a LimitReader wrapped back into a ReadCloser.
func NopLimited(w http.ResponseWriter, r *http.Request) {
	r.Body = io.NopCloser(io.LimitReader(r.Body, 1<<20))
	b, err := io.ReadAll(r.Body) //accuracy: readall-unbounded no
	if err != nil {
		return
	}
	_, _ = w.Write(b)
}
