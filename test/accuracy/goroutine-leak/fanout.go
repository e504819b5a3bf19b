// Package goroutineleak calls upstream services with deadlines.
package goroutineleak

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"time"
)

var ErrTimeout = errors.New("upstream timeout")

type Profile struct {
	ID    string
	Name  string
	Email string
}

type userStore interface {
	Lookup(id string) (*Profile, error)
}

// FetchProfile races the lookup against the request context.
func FetchProfile(ctx context.Context, st userStore, id string) (*Profile, error) {
	type result struct {
		p   *Profile
		err error
	}
	ch := make(chan result)
	go func() {
		p, err := st.Lookup(id)
		ch <- result{p, err} //accuracy: goroutine-leak yes
	}()
	select {
	case r := <-ch:
		return r.p, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// GetWithTimeout issues a GET and gives up after d.
func GetWithTimeout(client *http.Client, url string, d time.Duration) (*http.Response, error) {
	respCh := make(chan *http.Response)
	errCh := make(chan error)
	go func() {
		resp, err := client.Get(url)
		if err != nil {
			errCh <- err //accuracy: goroutine-leak yes
			return
		}
		respCh <- resp //accuracy: goroutine-leak yes
	}()
	select {
	case r := <-respCh:
		return r, nil
	case err := <-errCh:
		return nil, err
	case <-time.After(d):
		return nil, ErrTimeout
	}
}

// Ping checks the database and reports unhealthy after a deadline.
func Ping(db *sql.DB, timeout time.Duration) error {
	done := make(chan error)
	go func() {
		done <- db.Ping() //accuracy: goroutine-leak yes
	}()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
		return ErrTimeout
	}
}

// Resolve resolves a host name with a context.
func Resolve(ctx context.Context, host string) ([]string, error) {
	addrs := make(chan []string)
	go func() {
		a, _ := net.LookupHost(host)
		addrs <- a //accuracy: goroutine-leak yes
	}()
	select {
	case a := <-addrs:
		return a, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// ReadConfig reads a file but stops waiting when shutdown starts.
func ReadConfig(path string, shutdown <-chan struct{}) ([]byte, error) {
	data := make(chan []byte)
	go func() {
		b, err := os.ReadFile(path)
		if err != nil {
			b = nil
		}
		data <- b //accuracy: goroutine-leak yes
	}()
	select {
	case b := <-data:
		return b, nil
	case <-shutdown:
		return nil, errors.New("shutting down")
	}
}

type Quote struct {
	Provider string
	Price    float64
}

type provider func(ctx context.Context, sku string) Quote

// FirstQuote asks every provider and returns the first answer.
func FirstQuote(ctx context.Context, sku string, providers []provider) (Quote, error) {
	quotes := make(chan Quote)
	for _, p := range providers {
		go func() {
			quotes <- p(ctx, sku) //accuracy: goroutine-leak yes
		}()
	}
	select {
	case q := <-quotes:
		return q, nil
	case <-ctx.Done():
		return Quote{}, ctx.Err()
	}
}

// ReadHeader reads a fixed header from a connection with a deadline.
func ReadHeader(conn io.Reader, n int, deadline time.Duration) ([]byte, error) {
	type res struct {
		b   []byte
		err error
	}
	out := make(chan res)
	go func() {
		b := make([]byte, n)
		_, err := io.ReadFull(conn, b)
		out <- res{b, err} //accuracy: goroutine-leak yes
	}()
	select {
	case r := <-out:
		return r.b, r.err
	case <-time.After(deadline):
		return nil, ErrTimeout
	}
}

type job struct{ id int }

func (j job) run() error { return nil }

// RunJob runs a job but abandons it on cancel.
func RunJob(ctx context.Context, j job) error {
	errc := make(chan error)
	go func(j job) {
		errc <- j.run() //accuracy: goroutine-leak yes
	}(j)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Dial connects with an explicit abort channel.
func Dial(addr string, abort <-chan struct{}) (net.Conn, error) {
	connc := make(chan net.Conn)
	go func() {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			connc <- c //accuracy: goroutine-leak yes
		}
	}()
	select {
	case c := <-connc:
		return c, nil
	case <-abort:
		return nil, errors.New("aborted")
	}
}
