// Package stringconcatloop holds report and query builders of a billing service.
package stringconcatloop

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// LineItem is one row of an invoice.
type LineItem struct {
	SKU      string
	Desc     string
	Quantity int
	Cents    int64
}

// Invoice is a customer invoice.
type Invoice struct {
	ID    string
	Items []LineItem
	Tags  map[string]string
}

// RenderInvoiceText renders an invoice as plain text for the email body.
func RenderInvoiceText(inv Invoice) string {
	out := "Invoice " + inv.ID + "\n" //accuracy: string-concat-loop no
	for _, it := range inv.Items {
		out += it.SKU + "  " + it.Desc + "  x" + strconv.Itoa(it.Quantity) + "\n" //accuracy: string-concat-loop yes
	}
	return out
}

// BuildInClause builds a SQL IN list of placeholders for n ids.
func BuildInClause(n int) string {
	clause := ""
	for i := 0; i < n; i++ {
		if i > 0 {
			clause += ", " //accuracy: string-concat-loop yes
		}
		clause = clause + "$" + strconv.Itoa(i+1) //accuracy: string-concat-loop yes
	}
	return "(" + clause + ")"
}

// CSVHeader joins column names into a CSV header line.
func CSVHeader(cols []string) string {
	var header string
	for i, c := range cols {
		if i > 0 {
			header += "," //accuracy: string-concat-loop yes
		}
		header += strings.ReplaceAll(c, ",", "_") //accuracy: string-concat-loop yes
	}
	return header
}

// TagString renders tags deterministically as k=v;k=v.
func TagString(tags map[string]string) string {
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := ""
	for _, k := range keys {
		s += k + "=" + tags[k] + ";" //accuracy: string-concat-loop yes
	}
	return s
}

// ReadUntilBlank accumulates lines from next until an empty one arrives.
func ReadUntilBlank(next func() (string, bool)) string {
	body := ""
	for {
		line, ok := next()
		if !ok || line == "" {
			break
		}
		body += line + "\n" //accuracy: string-concat-loop yes
	}
	return body
}

// AuditTrail renders all audit entries for an account.
type AuditTrail struct {
	entries []string
	summary string
}

// Summarize concatenates the entries into the summary field.
func (a *AuditTrail) Summarize() {
	a.summary = ""
	for _, e := range a.entries {
		a.summary += "- " + e + "\n" //accuracy: string-concat-loop yes
	}
}

// Breadcrumbs renders a navigation path, e.g. Home > Billing > Invoices.
func Breadcrumbs(path []string) string {
	crumbs := "Home"
	for _, p := range path {
		crumbs = crumbs + " > " + strings.Title(p) //accuracy: string-concat-loop yes
	}
	return crumbs
}

// HexDump renders bytes as a hex string, the slow way.
func HexDump(b []byte) string {
	var dump string
	for _, c := range b {
		dump += fmt.Sprintf("%02x", c) //accuracy: string-concat-loop yes
	}
	return dump
}

// WrapWords word-wraps text to width columns.
func WrapWords(words []string, width int) []string {
	var lines []string
	current := ""
	for _, w := range words {
		if len(current)+len(w)+1 > width && current != "" {
			lines = append(lines, current)
			current = ""
		}
		if current != "" {
			current += " " //accuracy: string-concat-loop yes
		}
		current += w //accuracy: string-concat-loop yes
	}
	if current != "" {
		lines = append(lines, current)
	}
	return lines
}

// TotalCents sums the item totals; total is an integer, not a string.
func TotalCents(inv Invoice) int64 {
	var total int64
	for _, it := range inv.Items {
		total += it.Cents * int64(it.Quantity) //accuracy: string-concat-loop no
	}
	return total
}

// ItemLabels builds one label per item; the label starts over each iteration.
func ItemLabels(inv Invoice) []string {
	labels := make([]string, 0, len(inv.Items))
	for _, it := range inv.Items {
		label := it.SKU
		label += " (" + it.Desc + ")" //accuracy: string-concat-loop no
		labels = append(labels, label)
	}
	return labels
}

// Greeting builds a greeting with a fixed number of concatenations.
func Greeting(first, last string, vip bool) string {
	g := "Dear " + first
	g += " " + last //accuracy: string-concat-loop no
	if vip {
		g += ", valued member" //accuracy: string-concat-loop no
	}
	return g
}

// Indent returns depth levels of indentation; depth is at most a few levels.
func Indent() string {
	pad := ""
	for i := 0; i < 4; i++ {
		pad += "  " //accuracy: string-concat-loop no
	}
	return pad
}

// Fingerprint folds item SKUs into a hash; h is an integer accumulator.
func Fingerprint(inv Invoice) uint64 {
	var h uint64 = 14695981039346656037
	for _, it := range inv.Items {
		for i := 0; i < len(it.SKU); i++ {
			h ^= uint64(it.SKU[i])
			h *= 1099511628211
		}
		h += uint64(len(it.Desc)) //accuracy: string-concat-loop no
	}
	return h
}

// JoinSKUs joins SKUs with the right tool.
func JoinSKUs(inv Invoice) string {
	skus := make([]string, 0, len(inv.Items))
	for _, it := range inv.Items {
		skus = append(skus, it.SKU) //accuracy: string-concat-loop no
	}
	return strings.Join(skus, ",")
}

// RenderWithBuilder renders with a strings.Builder.
func RenderWithBuilder(inv Invoice) string {
	var b strings.Builder
	for _, it := range inv.Items {
		b.WriteString(it.SKU) //accuracy: string-concat-loop no
		b.WriteByte('\n')
	}
	return b.String()
}

// Weights accumulates floating point weights per item.
func Weights(items []LineItem) []float64 {
	w := make([]float64, len(items))
	for i := range items {
		w[i] += float64(items[i].Quantity) * 0.5 //accuracy: string-concat-loop no
	}
	return w
}

// PerLineSuffix appends a suffix to each element in place; each element is
// concatenated once, not accumulated.
func PerLineSuffix(lines []string) {
	for i := range lines {
		lines[i] += "\r" //accuracy: string-concat-loop no
	}
}

// Currency formats cents after the loop that computes it; the concatenation is outside the loop.
func Currency(items []LineItem) string {
	var cents int64
	for _, it := range items {
		cents += it.Cents
	}
	s := "$" + strconv.FormatInt(cents/100, 10)
	s += "." + fmt.Sprintf("%02d", cents%100) //accuracy: string-concat-loop no
	return s
}

// RuneCount counts runes; n is an int.
func RuneCount(parts []string) int {
	n := 0
	for _, p := range parts {
		n += len([]rune(p)) //accuracy: string-concat-loop no
	}
	return n
}
