// Package pointerslice builds reports and listings for a billing backend.
package pointerslice

import (
	"bufio"
	"database/sql"
	"encoding/csv"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
)

type LineItem struct {
	SKU      string
	Quantity int
	Cents    int64
}

// ParseInvoice reads "sku,qty,cents" rows.
func ParseInvoice(r io.Reader) ([]*LineItem, error) {
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, err
	}
	items := make([]*LineItem, 0, len(rows))
	for _, row := range rows {
		q, _ := strconv.Atoi(row[1])
		c, _ := strconv.ParseInt(row[2], 10, 64)
		items = append(items, &LineItem{SKU: row[0], Quantity: q, Cents: c}) //accuracy: pointer-slice yes
	}
	return items, nil
}

type Point struct {
	At    time.Time
	Value float64
}

// Series converts raw samples to points for a chart.
func Series(ts []int64, vs []float64) []*Point {
	pts := make([]*Point, 0, len(ts))
	for i := range ts {
		pts = append(pts, &Point{At: time.Unix(ts[i], 0), Value: vs[i]}) //accuracy: pointer-slice yes
	}
	return pts
}

type Customer struct {
	ID      int64
	Name    string
	Country string
}

// LoadCustomers scans the customers table.
func LoadCustomers(db *sql.DB) ([]*Customer, error) {
	rs, err := db.Query(`SELECT id, name, country FROM customers`)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []*Customer
	for rs.Next() {
		var c Customer
		if err := rs.Scan(&c.ID, &c.Name, &c.Country); err != nil {
			return nil, err
		}
		out = append(out, &Customer{ID: c.ID, Name: c.Name, Country: c.Country}) //accuracy: pointer-slice yes
	}
	return out, rs.Err()
}

type Usage struct {
	Tenant string
	Bytes  uint64
	Calls  uint32
}

// TopUsage turns a usage map into a sorted slice.
func TopUsage(bytes map[string]uint64, calls map[string]uint32) []*Usage {
	list := make([]*Usage, 0, len(bytes))
	for t, b := range bytes {
		list = append(list, &Usage{Tenant: t, Bytes: b, Calls: calls[t]}) //accuracy: pointer-slice yes
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Bytes > list[j].Bytes })
	return list
}

type logEntry struct {
	Level string
	Msg   string
	Line  int
}

// GrepLog collects matching log lines.
func GrepLog(r io.Reader, needle string) []*logEntry {
	sc := bufio.NewScanner(r)
	var hits []*logEntry
	n := 0
	for sc.Scan() {
		n++
		l := sc.Text()
		if strings.Contains(l, needle) {
			lvl, msg, _ := strings.Cut(l, " ")
			hits = append(hits, &logEntry{lvl, msg, n}) //accuracy: pointer-slice yes
		}
	}
	return hits
}

type Range struct{ Lo, Hi int }

// SplitRanges splits [0,n) into chunks for workers.
func SplitRanges(n, chunk int) []*Range {
	rs := make([]*Range, 0, n/chunk+1)
	for lo := 0; lo < n; lo += chunk {
		rs = append(rs, &Range{lo, min(lo+chunk, n)}) //accuracy: pointer-slice yes
	}
	return rs
}

type Tag struct {
	Key, Value string
}

// ParseTags parses "k=v,k2=v2".
func ParseTags(s string) []*Tag {
	parts := strings.Split(s, ",")
	tags := make([]*Tag, len(parts))
	for i, p := range parts {
		k, v, _ := strings.Cut(p, "=")
		tags[i] = &Tag{Key: k, Value: v} //accuracy: pointer-slice yes
	}
	return tags
}

type Payment struct {
	ID       string
	Cents    int64
	Currency [3]byte
	Settled  bool
}

type paymentRow struct {
	id    string
	cents int64
	cur   string
}

// ToPayments maps DB rows to API values.
func ToPayments(rows []paymentRow) (out []*Payment) {
	for _, r := range rows {
		p := &Payment{ID: r.id, Cents: r.cents} //accuracy: pointer-slice yes
		copy(p.Currency[:], r.cur)
		out = append(out, p)
	}
	return out
}

type Bucket struct {
	Start time.Time
	Count int
}

// Histogram allocates hourly buckets for a day.
func Histogram(day time.Time) []*Bucket {
	bs := make([]*Bucket, 0, 24)
	for h := range 24 {
		bs = append(bs, &Bucket{Start: day.Add(time.Duration(h) * time.Hour)}) //accuracy: pointer-slice yes
	}
	return bs
}

type Discount struct {
	Code    string
	Percent int
}

// ParseDiscounts reads "CODE:PCT" lines.
func ParseDiscounts(lines []string) []*Discount {
	ds := make([]*Discount, 0, len(lines))
	for _, l := range lines {
		code, pct, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		p, err := strconv.Atoi(pct)
		if err != nil {
			continue
		}
		ds = append(ds, &Discount{ //accuracy: pointer-slice yes
			Code:    strings.ToUpper(code),
			Percent: p,
		})
	}
	return ds
}
