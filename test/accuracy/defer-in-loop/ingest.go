// Package deferinloop holds the log ingestion worker of an analytics pipeline.
package deferinloop

import (
	"bufio"
	"bytes"
	"database/sql"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"time"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Store is the shared state of the ingest worker.
type Store struct {
	mu    sync.Mutex
	rows  map[string]int
	db    *sql.DB
	files []string
}

// CountLines counts lines in every log file of a rotation set.
func CountLines(paths []string) (int, error) {
	total := 0
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return 0, err
		}
		defer f.Close() //accuracy: defer-in-loop yes
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			total++
		}
	}
	return total, nil
}

// Apply applies batches under the store lock.
func (s *Store) Apply(batches [][]string) {
	for _, b := range batches {
		s.mu.Lock()
		defer s.mu.Unlock() //accuracy: defer-in-loop yes
		for _, k := range b {
			s.rows[k]++ //accuracy: unbounded-cache yes (same pattern as unbounded-cache/caches.go hits[path]++)
		}
	}
}

// Render renders each event into a pooled buffer and writes it.
func Render(w io.Writer, events []string) error {
	for _, e := range events {
		buf := bufPool.Get().(*bytes.Buffer)
		buf.Reset()
		defer bufPool.Put(buf) //accuracy: defer-in-loop yes //accuracy: pool-oversized yes
		buf.WriteString(e)
		buf.WriteByte('\n')
		if _, err := w.Write(buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// FetchAll downloads every URL of a manifest.
func FetchAll(c *http.Client, urls []string) ([][]byte, error) {
	var out [][]byte
	for _, u := range urls {
		resp, err := c.Get(u)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close() //accuracy: defer-in-loop yes
		b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		if err != nil {
			return nil, err
		}
		out = append(out, b) //accuracy: prealloc-slice yes
	}
	return out, nil
}

// MigrateTables runs a transaction per table.
func (s *Store) MigrateTables(tables []string) error {
	for _, t := range tables {
		tx, err := s.db.Begin()
		if err != nil {
			return err
		}
		defer tx.Rollback() //accuracy: defer-in-loop yes
		if _, err := tx.Exec("ANALYZE " + t); err != nil {
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// Tail follows a set of files forever, reopening on rotation.
func Tail(path string, lines chan<- string) {
	for {
		f, err := os.Open(path)
		if err != nil {
			time.Sleep(time.Second)
			continue
		}
		defer f.Close() //accuracy: defer-in-loop yes
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}
}

// ProbeAll dials every backend to check it is reachable.
func ProbeAll(addrs []string) []error {
	var errs []error
	for _, a := range addrs {
		conn, err := net.DialTimeout("tcp", a, time.Second)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		defer conn.Close() //accuracy: defer-in-loop yes
	}
	return errs
}

// Serve handles connections on a listener, one after another.
func Serve(l net.Listener, handle func(net.Conn)) error {
	for {
		conn, err := l.Accept()
		if err != nil {
			return err
		}
		defer func() { //accuracy: defer-in-loop yes
			_ = conn.Close()
		}()
		handle(conn)
	}
}

// QueryEach runs one query per customer id and sums the results.
func (s *Store) QueryEach(ids []int64) (int64, error) {
	var sum int64
	for i := 0; i < len(ids); i++ {
		rows, err := s.db.Query("SELECT amount FROM orders WHERE customer=$1", ids[i])
		if err != nil {
			return 0, err
		}
		defer rows.Close() //accuracy: defer-in-loop yes
		for rows.Next() {
			var a int64
			if err := rows.Scan(&a); err != nil {
				return 0, err
			}
			sum += a
		}
	}
	return sum, nil
}

// Timed measures each stage; the deferred closure captures per-iteration state.
func Timed(stages map[string]func(), record func(string, time.Duration)) {
	for name, run := range stages {
		start := time.Now()
		defer func() { record(name, time.Since(start)) }() //accuracy: defer-in-loop yes
		run()
	}
}

// CountLinesFixed wraps each iteration in a func literal so the defer runs per file.
func CountLinesFixed(paths []string) (int, error) {
	total := 0
	for _, p := range paths {
		err := func() error {
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			defer f.Close() //accuracy: defer-in-loop no
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				total++
			}
			return sc.Err()
		}()
		if err != nil {
			return 0, err
		}
	}
	return total, nil
}

// countFile has its defer in a helper called from the loop.
func countFile(p string) (int, error) {
	f, err := os.Open(p)
	if err != nil {
		return 0, err
	}
	defer f.Close() //accuracy: defer-in-loop no
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		n++
	}
	return n, sc.Err()
}

// CountViaHelper calls the helper per file.
func CountViaHelper(paths []string) (int, error) {
	total := 0
	for _, p := range paths {
		n, err := countFile(p)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// WriteShards writes to a small constant number of shard files.
func WriteShards(dir string, data [3][]byte) error {
	for i := 0; i < 3; i++ {
		f, err := os.Create(dir + "/shard" + string(rune('0'+i)))
		if err != nil {
			return err
		}
		defer f.Close() //accuracy: defer-in-loop no
		if _, err := f.Write(data[i]); err != nil {
			return err
		}
	}
	return nil
}

// Flush takes the lock once, then loops.
func (s *Store) Flush(w io.Writer) error {
	s.mu.Lock()
	defer s.mu.Unlock() //accuracy: defer-in-loop no
	for k, v := range s.rows {
		if _, err := io.WriteString(w, k+"="+string(rune('0'+v%10))+"\n"); err != nil {
			return err
		}
	}
	return nil
}

// Workers starts goroutines; each goroutine's defer runs when that goroutine ends.
func Workers(n int, jobs <-chan string, do func(string)) *sync.WaitGroup {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done() //accuracy: defer-in-loop no
			for j := range jobs {
				do(j)
			}
		}()
	}
	return &wg
}

// Handlers registers handlers in a loop; the defer is inside each handler body.
func Handlers(mux *http.ServeMux, s *Store, paths []string) {
	for _, p := range paths {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			s.mu.Lock()
			defer s.mu.Unlock() //accuracy: defer-in-loop no
			s.rows[r.URL.Path]++
		})
	}
}

// ApplyFixed releases the lock at the end of each iteration directly.
func (s *Store) ApplyFixed(batches [][]string) {
	for _, b := range batches {
		s.mu.Lock()
		for _, k := range b {
			s.rows[k]++
		}
		s.mu.Unlock() //accuracy: defer-in-loop no
	}
}

// RecoverEach runs each job protected by a recover in a closure.
func RecoverEach(jobs []func()) (failed int) {
	for _, job := range jobs {
		func() {
			defer func() { //accuracy: defer-in-loop no
				if recover() != nil {
					failed++
				}
			}()
			job()
		}()
	}
	return failed
}

// Retry closes the response of each attempt directly; the defer is for the final one only, after the loop.
func Retry(c *http.Client, url string) (int, error) {
	var resp *http.Response
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		resp, err = c.Get(url)
		if err == nil && resp.StatusCode < 500 {
			break
		}
		if resp != nil {
			resp.Body.Close()
		}
		time.Sleep(time.Duration(attempt) * 100 * time.Millisecond)
	}
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close() //accuracy: defer-in-loop no
	return resp.StatusCode, nil
}

// OpenBoth opens the two halves of a paired index; the loop runs exactly twice.
func OpenBoth(paths [2]string) ([2][]byte, error) {
	var out [2][]byte
	for i, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return out, err
		}
		defer f.Close() //accuracy: defer-in-loop no
		b, err := io.ReadAll(io.LimitReader(f, 4096))
		if err != nil {
			return out, err
		}
		out[i] = b
	}
	return out, nil
}

var errStop = errors.New("stop")

// Walk visits sub-directories via a recursive closure; each call defers its own close.
func Walk(root string, visit func(string) error) error {
	var walk func(dir string) error
	walk = func(dir string) error {
		d, err := os.Open(dir)
		if err != nil {
			return err
		}
		defer d.Close() //accuracy: defer-in-loop no
		names, err := d.Readdirnames(-1)
		if err != nil {
			return err
		}
		for _, n := range names {
			if err := visit(dir + "/" + n); errors.Is(err, errStop) {
				return nil
			}
		}
		return nil
	}
	return walk(root)
}
