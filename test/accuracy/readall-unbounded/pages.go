package readallunbounded

import (
	"io"
	"net/http"
	"os"
)

type pageTemplate struct{ Path string }

var pageTemplates = map[string]pageTemplate{}

// Page reads the template the client picks by name from the server's own table.
func Page(w http.ResponseWriter, r *http.Request) {
	t, ok := pageTemplates[r.URL.Query().Get("t")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	b, err := os.ReadFile(t.Path) //accuracy: readall-unbounded no
	if err != nil {
		return
	}
	_, _ = w.Write(b)
}

// Forward reads the response of the service's own backend for the client's path.
func Forward(w http.ResponseWriter, r *http.Request) {
	resp, err := http.Get("http://catalog.internal" + r.URL.Path)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body) //accuracy: readall-unbounded no
	_, _ = w.Write(b)
}
