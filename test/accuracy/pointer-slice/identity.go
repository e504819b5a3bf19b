package pointerslice

import (
	"strings"
	"sync"
	"time"
)

// AccountSnapshot is large: 20 int64s and more.
type AccountSnapshot struct {
	ID       string
	Balances [16]int64
	Limits   [8]int64
	Opened   time.Time
	Closed   time.Time
	Notes    string
}

// Snapshots builds large values: pointers avoid copying 250+ bytes.
func Snapshots(ids []string) []*AccountSnapshot {
	out := make([]*AccountSnapshot, 0, len(ids))
	for _, id := range ids {
		out = append(out, &AccountSnapshot{ID: id, Opened: time.Now()}) //accuracy: pointer-slice no
	}
	return out
}

type Node struct {
	Name     string
	Parent   *Node
	Children []*Node
}

// BuildTree links nodes through an index: identity matters.
func BuildTree(paths []string) []*Node {
	byName := make(map[string]*Node, len(paths))
	all := make([]*Node, 0, len(paths))
	for _, p := range paths {
		n := &Node{Name: p} //accuracy: pointer-slice no
		byName[p] = n
		all = append(all, n)
	}
	for _, n := range all {
		if i := strings.LastIndexByte(n.Name, '/'); i > 0 {
			if parent := byName[n.Name[:i]]; parent != nil {
				n.Parent = parent
				parent.Children = append(parent.Children, n)
			}
		}
	}
	return all
}

type Conn struct {
	mu     sync.Mutex
	addr   string
	closed bool
}

// Pool holds connections that goroutines lock individually: they must not be copied.
func Pool(addrs []string) []*Conn {
	conns := make([]*Conn, 0, len(addrs))
	for _, a := range addrs {
		conns = append(conns, &Conn{addr: a}) //accuracy: pointer-slice no
	}
	return conns
}

// Items are value slices already.
func Items(skus []string) []LineItem {
	out := make([]LineItem, 0, len(skus))
	for _, s := range skus {
		out = append(out, LineItem{SKU: s, Quantity: 1}) //accuracy: pointer-slice no
	}
	return out
}

type Task struct {
	ID    int
	State string
}

type scheduler struct {
	byID  map[int]*Task
	queue []*Task
}

// Enqueue registers each task in an index and the queue: both see updates.
func (s *scheduler) Enqueue(n int) {
	for i := range n {
		t := &Task{ID: i, State: "pending"} //accuracy: pointer-slice no
		s.byID[i] = t
		s.queue = append(s.queue, t)
	}
}

// Notify passes each subscription to a watcher before keeping it.
func Notify(names []string, watch func(*Tag)) []*Tag {
	subs := make([]*Tag, 0, len(names))
	for _, n := range names {
		t := &Tag{Key: "sub", Value: n} //accuracy: pointer-slice no
		watch(t)
		subs = append(subs, t)
	}
	return subs
}

// Single builds one element outside any loop.
func Single(id string) []*Tag {
	return []*Tag{&Tag{Key: "id", Value: id}} //accuracy: pointer-slice no
}

type Order struct {
	ID    string
	Lines []LineItem
}

// Existing collects pointers to orders that already exist elsewhere.
func Existing(orders []Order, paid map[string]bool) []*Order {
	var out []*Order
	for i := range orders {
		if paid[orders[i].ID] {
			out = append(out, &orders[i]) //accuracy: pointer-slice no
		}
	}
	return out
}

type Worker struct {
	ID   int
	jobs chan func()
	wg   *sync.WaitGroup
}

// StartWorkers starts goroutines that each hold their worker: identity matters.
func StartWorkers(n int, wg *sync.WaitGroup) []*Worker {
	ws := make([]*Worker, n)
	for i := range ws {
		w := &Worker{ID: i, jobs: make(chan func(), 16), wg: wg} //accuracy: pointer-slice no
		ws[i] = w
		wg.Add(1)
		go func() {
			defer w.wg.Done()
			for j := range w.jobs {
				j()
			}
		}()
	}
	return ws
}

type listNode struct {
	Val  int
	Next *listNode
}

// Chain builds a linked list, keeping every node for random access.
func Chain(vals []int) []*listNode {
	nodes := make([]*listNode, len(vals))
	var prev *listNode
	for i, v := range vals {
		n := &listNode{Val: v} //accuracy: pointer-slice no
		if prev != nil {
			prev.Next = n
		}
		prev = n
		nodes[i] = n
	}
	return nodes
}
