package goroutineleak

import (
	"context"
	"database/sql"
	"net"
	"os"
	"sync"
	"time"
)

// FetchProfileBuffered uses a buffer of one so the send always completes.
func FetchProfileBuffered(ctx context.Context, st userStore, id string) (*Profile, error) {
	type result struct {
		p   *Profile
		err error
	}
	ch := make(chan result, 1)
	go func() {
		p, err := st.Lookup(id)
		ch <- result{p, err} //accuracy: goroutine-leak no
	}()
	select {
	case r := <-ch:
		return r.p, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// PingSelect sends inside a select that also watches ctx.Done.
func PingSelect(ctx context.Context, db *sql.DB) error {
	done := make(chan error)
	go func() {
		err := db.PingContext(ctx)
		select {
		case done <- err: //accuracy: goroutine-leak no
		case <-ctx.Done():
		}
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ReadAll waits for the result unconditionally.
func ReadAll(paths []string) [][]byte {
	out := make(chan []byte)
	for _, p := range paths {
		go func() {
			b, _ := os.ReadFile(p)
			out <- b //accuracy: goroutine-leak no
		}()
	}
	res := make([][]byte, 0, len(paths))
	for range paths {
		res = append(res, <-out)
	}
	return res
}

// Crawl drains with for range after closing.
func Crawl(urls []string, fetch func(string) int) int {
	sizes := make(chan int)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sizes <- fetch(u) //accuracy: goroutine-leak no
		}()
	}
	go func() { wg.Wait(); close(sizes) }()
	total := 0
	for n := range sizes {
		total += n
	}
	return total
}

// Heartbeat loops: the select's timer case does not return, so the value is always received.
func Heartbeat(check func() bool, report func(bool)) {
	status := make(chan bool)
	go func() {
		status <- check() //accuracy: goroutine-leak no
	}()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case ok := <-status:
			report(ok)
			return
		case <-tick.C:
			report(false)
		}
	}
}

// ResolvePlain receives with a plain receive.
func ResolvePlain(host string) []string {
	addrs := make(chan []string)
	go func() {
		a, _ := net.LookupHost(host)
		addrs <- a //accuracy: goroutine-leak no
	}()
	return <-addrs
}

// Workers feed a results channel that main drains; closing signals completion.
func Workers(jobs []job) []error {
	errs := make(chan error, len(jobs))
	for _, j := range jobs {
		go func() {
			errs <- j.run() //accuracy: goroutine-leak no
		}()
	}
	out := make([]error, 0, len(jobs))
	for range jobs {
		out = append(out, <-errs)
	}
	return out
}

// DialBuffered: buffered channel, the goroutine never blocks on its send.
func DialBuffered(ctx context.Context, addr string) (net.Conn, error) {
	type res struct {
		c   net.Conn
		err error
	}
	ch := make(chan res, 1)
	go func() {
		var d net.Dialer
		c, err := d.DialContext(ctx, "tcp", addr)
		ch <- res{c, err} //accuracy: goroutine-leak no
	}()
	select {
	case r := <-ch:
		return r.c, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Pipeline stage: the channel comes from the caller, who owns draining it.
func Produce(ctx context.Context, out chan<- int, n int) {
	go func() {
		defer close(out)
		for i := range n {
			select {
			case out <- i: //accuracy: goroutine-leak no
			case <-ctx.Done():
				return
			}
		}
	}()
}

// Signal closes a channel instead of sending on it.
func Signal(work func()) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		work()
		close(done) //accuracy: goroutine-leak no
	}()
	return done
}

// WaitOrTimeout: the goroutine's send always has a receiver because the
// receiver waits in a loop whose timeout case only logs.
func WaitOrTimeout(work func() error, warn func()) error {
	res := make(chan error)
	go func() {
		res <- work() //accuracy: goroutine-leak no
	}()
	slow := time.NewTicker(5 * time.Second)
	defer slow.Stop()
	for {
		select {
		case err := <-res:
			return err
		case <-slow.C:
			warn()
		}
	}
}
