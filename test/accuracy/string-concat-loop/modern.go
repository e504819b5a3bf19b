package stringconcatloop

// SQL is a named string type for query text.
type SQL string

// UnionAll joins per-tenant queries with UNION ALL.
func UnionAll(tenants []string) SQL {
	var q SQL
	for i, t := range tenants {
		if i > 0 {
			q += " UNION ALL " //accuracy: string-concat-loop yes
		}
		q += SQL("SELECT * FROM events_" + t) //accuracy: string-concat-loop yes
	}
	return q
}

// Separator builds a rule line of a fixed width using range over a constant.
func Separator() string {
	line := ""
	for range 3 {
		line += "---" //accuracy: string-concat-loop no
	}
	return line
}
