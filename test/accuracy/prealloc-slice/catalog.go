// Package preallocslice holds the product catalog service's transforms.
package preallocslice

import (
	"bufio"
	"io"
	"sort"
	"strings"
)

// Product is a catalog entry.
type Product struct {
	ID       int64
	Name     string
	Price    int64
	InStock  bool
	Category string
}

// ProductDTO is the JSON shape returned to clients.
type ProductDTO struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Price string `json:"price"`
}

func formatPrice(c int64) string { return "$" + strings.Repeat("0", int(c%3)) }

// ToDTOs converts products for the listing endpoint.
func ToDTOs(ps []Product) []ProductDTO {
	var out []ProductDTO
	for _, p := range ps {
		out = append(out, ProductDTO{ID: p.ID, Name: p.Name, Price: formatPrice(p.Price)}) //accuracy: prealloc-slice yes
	}
	return out
}

// IDs extracts the product ids.
func IDs(ps []Product) []int64 {
	ids := []int64{}
	for i := range ps {
		ids = append(ids, ps[i].ID) //accuracy: prealloc-slice yes
	}
	return ids
}

// CategoryNames lists the categories of the index, sorted.
func CategoryNames(index map[string][]Product) []string {
	names := make([]string, 0)
	for name := range index {
		names = append(names, name) //accuracy: prealloc-slice yes
	}
	sort.Strings(names)
	return names
}

// PageOffsets computes the offsets of n pages of size pageSize.
func PageOffsets(n, pageSize int) []int {
	var offsets []int
	for i := 0; i < n; i++ {
		offsets = append(offsets, i*pageSize) //accuracy: prealloc-slice yes
	}
	return offsets
}

// SearchKeys builds lowercase search keys for the autocomplete index.
func SearchKeys(ps []Product) []string {
	var keys []string
	for _, p := range ps {
		key := strings.ToLower(p.Name)
		key = strings.TrimSpace(key)
		keys = append(keys, key) //accuracy: prealloc-slice yes
	}
	return keys
}

// PriceMatrix builds the rows of the price comparison table.
func PriceMatrix(ps []Product, stores []string) [][]int64 {
	var rows [][]int64
	for _, p := range ps {
		var row []int64
		for range stores {
			row = append(row, p.Price) //accuracy: prealloc-slice yes
		}
		rows = append(rows, row) //accuracy: prealloc-slice yes
	}
	return rows
}

// Shard splits product ids into a fixed array of shards' worth of keys.
func Shard(ids [16]int64) []string {
	var keys []string
	for _, id := range ids {
		keys = append(keys, "shard:"+string(rune('a'+id%16))) //accuracy: prealloc-slice yes
	}
	return keys
}

// Reversed returns the products in reverse order.
func Reversed(ps []Product) []Product {
	var rev []Product
	for i := len(ps) - 1; i >= 0; i-- {
		rev = append(rev, ps[i]) //accuracy: prealloc-slice yes
	}
	return rev
}

// Names returns product names of a batch, via a local count.
func Names(batch []Product) []string {
	n := len(batch)
	var names []string
	for i := 0; i < n; i++ {
		names = append(names, batch[i].Name) //accuracy: prealloc-slice yes
	}
	return names
}

// InStockOnly keeps in-stock products: a conditional append whose hit rate is unknown.
func InStockOnly(ps []Product) []Product {
	var keep []Product
	for _, p := range ps {
		if p.InStock {
			keep = append(keep, p) //accuracy: prealloc-slice no
		}
	}
	return keep
}

// ReadSKUs reads SKUs from an upload line by line: unknown length.
func ReadSKUs(r io.Reader) []string {
	var skus []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		skus = append(skus, sc.Text()) //accuracy: prealloc-slice no
	}
	return skus
}

// Drain collects products from a channel until it closes.
func Drain(ch <-chan Product) []Product {
	var got []Product
	for p := range ch {
		got = append(got, p) //accuracy: prealloc-slice no
	}
	return got
}

// AppendIDs appends to a caller-provided slice, which may already have capacity.
func AppendIDs(dst []int64, ps []Product) []int64 {
	for _, p := range ps {
		dst = append(dst, p.ID) //accuracy: prealloc-slice no
	}
	return dst
}

// Exporter batches rows for the warehouse export.
type Exporter struct {
	pending []string
}

// Add queues names onto a buffer that lives across calls.
func (e *Exporter) Add(ps []Product) {
	for _, p := range ps {
		e.pending = append(e.pending, p.Name) //accuracy: prealloc-slice no
	}
}

// IDsPrealloc already sizes the slice.
func IDsPrealloc(ps []Product) []int64 {
	ids := make([]int64, 0, len(ps))
	for _, p := range ps {
		ids = append(ids, p.ID) //accuracy: prealloc-slice no
	}
	return ids
}

// Tokens splits every name into words: the count per iteration varies.
func Tokens(ps []Product) []string {
	var toks []string
	for _, p := range ps {
		toks = append(toks, strings.Fields(p.Name)...) //accuracy: prealloc-slice no
	}
	return toks
}

// Paginate follows next-page links until there are none.
func Paginate(fetch func(cursor string) ([]Product, string)) []Product {
	var all []Product
	cursor := ""
	for {
		page, next := fetch(cursor)
		all = append(all, page...) //accuracy: prealloc-slice no
		if next == "" {
			return all
		}
		cursor = next
	}
}

// WithDefaults starts from defaults, then appends overrides; the slice is
// used before the loop and already has elements.
func WithDefaults(overrides []string) []string {
	cats := []string{"misc"}
	cats = append(cats, "featured")
	for _, o := range overrides {
		cats = append(cats, o) //accuracy: prealloc-slice no
	}
	return cats
}

// Dedup removes duplicate names; only unseen names are appended.
func Dedup(names []string) []string {
	seen := make(map[string]bool, len(names))
	var out []string
	for _, n := range names {
		if seen[n] {
			continue
		}
		seen[n] = true
		out = append(out, n) //accuracy: prealloc-slice no
	}
	return out
}

// Retry collects errors from attempts that stop on the first success.
func Retry(attempt func() error) []error {
	var errs []error
	for {
		err := attempt()
		if err == nil {
			return errs
		}
		errs = append(errs, err) //accuracy: prealloc-slice no
		if len(errs) >= 5 {
			return errs
		}
	}
}
