package preallocmap

// Member is one user's membership of a team, as the directory lists them.
type Member struct {
	Team  string
	Login string
	Roles []string
}

// ByTeam groups memberships by team: many members share a team, so the map ends far smaller
// than the list.
func ByTeam(members []Member) map[string][]string {
	teams := make(map[string][]string)
	for _, m := range members {
		teams[m.Team] = append(teams[m.Team], m.Login) //accuracy: prealloc-map no
	}
	return teams
}

// RoleCounts counts how many memberships carry each role.
func RoleCounts(members []Member) map[string]int {
	counts := map[string]int{}
	for _, m := range members {
		for _, r := range m.Roles {
			counts[r] = counts[r] + 1 //accuracy: prealloc-map no
		}
	}
	return counts
}

// ByLogin indexes memberships by login, one entry each.
func ByLogin(members []Member) map[string]Member {
	out := map[string]Member{}
	for _, m := range members {
		out[m.Login] = m //accuracy: prealloc-map yes
	}
	return out
}
