// Package preallocmap holds the indexing helpers of a user directory service.
package preallocmap

import (
	"bufio"
	"io"
	"strings"
)

// User is a directory entry.
type User struct {
	ID     string
	Email  string
	Team   string
	Active bool
	Roles  []string
}

// ByID indexes users by id for the lookup handler.
func ByID(users []User) map[string]User {
	idx := make(map[string]User)
	for _, u := range users {
		idx[u.ID] = u //accuracy: prealloc-map yes
	}
	return idx
}

// ByEmail indexes users by lowercase email.
func ByEmail(users []User) map[string]*User {
	idx := map[string]*User{}
	for i := range users {
		idx[strings.ToLower(users[i].Email)] = &users[i] //accuracy: prealloc-map yes
	}
	return idx
}

// Positions maps each id to its position in the listing.
func Positions(ids []string) map[string]int {
	pos := make(map[string]int)
	for i, id := range ids {
		pos[id] = i //accuracy: prealloc-map yes
	}
	return pos
}

// InvertRoles swaps a role->team map into team->role.
func InvertRoles(roleTeam map[string]string) map[string]string {
	inv := make(map[string]string)
	for role, team := range roleTeam {
		inv[team] = role //accuracy: prealloc-map yes
	}
	return inv
}

// SlotOwners maps shard slots 0..n-1 to owner nodes.
func SlotOwners(n int, nodes []string) map[int]string {
	owners := map[int]string{}
	for slot := 0; slot < n; slot++ {
		owners[slot] = nodes[slot%len(nodes)] //accuracy: prealloc-map yes
	}
	return owners
}

// SetOf builds a membership set of allowed emails from config.
func SetOf(emails []string) map[string]struct{} {
	set := make(map[string]struct{})
	for _, e := range emails {
		e = strings.TrimSpace(e)
		set[e] = struct{}{} //accuracy: prealloc-map yes
	}
	return set
}

// RoleCount counts roles per user.
func RoleCount(users []User) map[string]int {
	counts := make(map[string]int)
	for _, u := range users {
		counts[u.ID] = len(u.Roles) //accuracy: prealloc-map yes
	}
	return counts
}

// HeaderMap converts header pairs into a map.
func HeaderMap(pairs [][2]string) map[string]string {
	var h = make(map[string]string)
	for _, kv := range pairs {
		h[http2Canonical(kv[0])] = kv[1] //accuracy: prealloc-map yes
	}
	return h
}

func http2Canonical(k string) string { return strings.ToLower(k) }

// FlagDefaults builds defaults for a fixed array of feature flags.
func FlagDefaults(flags [12]string) map[string]bool {
	def := make(map[string]bool)
	for _, f := range flags {
		def[f] = false //accuracy: prealloc-map yes
	}
	return def
}

// Cache holds a snapshot of users.
type Cache struct {
	byTeam map[string][]User
}

// NewSnapshot builds a per-id map of user emails from a slice.
func NewSnapshot(users []User) map[string]string {
	emails := map[string]string{}
	for _, u := range users {
		emails[u.ID] = u.Email //accuracy: prealloc-map yes
	}
	return emails
}

// ActiveByID indexes only active users: conditional insert.
func ActiveByID(users []User) map[string]User {
	idx := make(map[string]User)
	for _, u := range users {
		if u.Active {
			idx[u.ID] = u //accuracy: prealloc-map no
		}
	}
	return idx
}

// LoadAllowlist reads ids from a file: unknown number of lines.
func LoadAllowlist(r io.Reader) map[string]bool {
	allow := make(map[string]bool)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		allow[sc.Text()] = true //accuracy: prealloc-map no
	}
	return allow
}

// Collect gathers users from a channel.
func Collect(ch <-chan User) map[string]User {
	m := make(map[string]User)
	for u := range ch {
		m[u.ID] = u //accuracy: prealloc-map no
	}
	return m
}

// Sized already has a hint.
func Sized(users []User) map[string]User {
	m := make(map[string]User, len(users))
	for _, u := range users {
		m[u.ID] = u //accuracy: prealloc-map no
	}
	return m
}

// GroupByTeam adds users to their team on a long-lived cache map.
func (c *Cache) GroupByTeam(users []User) {
	for _, u := range users {
		c.byTeam[u.Team] = append(c.byTeam[u.Team], u) //accuracy: prealloc-map no
	}
}

// Merge copies src into a caller-owned map.
func Merge(dst map[string]string, src map[string]string) {
	for k, v := range src {
		dst[k] = v //accuracy: prealloc-map no
	}
}

// TeamSizes counts users per team: few distinct teams, many users; the map
// size is the number of teams, not len(users).
func TeamSizes(users []User) map[string]int {
	sizes := make(map[string]int)
	for _, u := range users {
		sizes[u.Team]++ //accuracy: prealloc-map no
	}
	return sizes
}

// WithOverrides starts from defaults, already used before the loop.
func WithOverrides(overrides map[string]string) map[string]string {
	cfg := map[string]string{"region": "eu-west-1"}
	cfg["tier"] = "standard"
	for k, v := range overrides {
		cfg[k] = v //accuracy: prealloc-map no
	}
	return cfg
}

// FirstSeen records the first position of each email; later duplicates are skipped.
func FirstSeen(users []User) map[string]int {
	first := make(map[string]int)
	for i, u := range users {
		if _, ok := first[u.Email]; ok {
			continue
		}
		first[u.Email] = i //accuracy: prealloc-map no
	}
	return first
}

// ParseQuery parses "a=1&b=2"; the number of pairs is found while parsing.
func ParseQuery(q string) map[string]string {
	out := make(map[string]string)
	for q != "" {
		var pair string
		pair, q, _ = strings.Cut(q, "&")
		k, v, _ := strings.Cut(pair, "=")
		out[k] = v //accuracy: prealloc-map no
	}
	return out
}

// Updates clears and refills the cache map for every batch; it is reused.
func (c *Cache) Updates(users []User) {
	clear(c.byTeam)
	for _, u := range users {
		c.byTeam[u.ID] = []User{u} //accuracy: prealloc-map no
	}
}
