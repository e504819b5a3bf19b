// Command structdecls is a test helper of heapwise's oracle tests (test/support/sizeof-oracle.ts).
//
// It parses the Go files named on the command line with go/parser (so positions are exactly
// those go/token, and hence fieldalignment, reports: 1-based lines, 1-based byte columns) and
// prints one JSON object per *ast.StructType, in source order:
//
//	{"file":…, "line":…, "column":…, "name":…, "fields":[…], "access":…, "skip":…}
//
//   - line/column are those of the `struct` keyword;
//   - name is fieldalignment's name for the struct: the TypeSpec's name, else "struct";
//   - fields are the field names flattened one per name, embedded fields named by their type
//     name (sync.Mutex -> Mutex, *List[T] -> List), blank fields "_";
//   - access, when set, is a Go expression valid in any file of the same package that denotes a
//     value of exactly that struct type, written in terms of "$" (a variable of the package-level
//     named type given in "root"), or of a package-level variable: the oracle substitutes "$" and
//     applies unsafe.Sizeof/Alignof/Offsetof to it;
//   - skip, when access is unset, says why the struct cannot be referenced from another file.
//
// It uses only the standard library, so it builds outside any module.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strconv"
)

type decl struct {
	File   string   `json:"file"`
	Line   int      `json:"line"`
	Column int      `json:"column"`
	Name   string   `json:"name"`
	Fields []string `json:"fields"`
	// Root is the package-level named type "$" stands for in Access ("" when Access names a
	// package-level variable directly).
	Root   string `json:"root,omitempty"`
	Access string `json:"access,omitempty"`
	Skip   string `json:"skip,omitempty"`
}

type walker struct {
	fset  *token.FileSet
	file  string
	found map[*ast.StructType]*decl
	order []*ast.StructType
}

func (w *walker) record(s *ast.StructType, name string) *decl {
	if d, ok := w.found[s]; ok {
		return d
	}
	p := w.fset.Position(s.Struct)
	d := &decl{File: w.file, Line: p.Line, Column: p.Column, Name: name, Fields: fieldNames(s)}
	w.found[s] = d
	w.order = append(w.order, s)
	return d
}

// embeddedName is the implicit name of an embedded field of type expression t.
func embeddedName(t ast.Expr) string {
	switch t := t.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.SelectorExpr:
		return t.Sel.Name
	case *ast.StarExpr:
		return embeddedName(t.X)
	case *ast.ParenExpr:
		return embeddedName(t.X)
	case *ast.IndexExpr:
		return embeddedName(t.X)
	case *ast.IndexListExpr:
		return embeddedName(t.X)
	}
	return "?"
}

func fieldNames(s *ast.StructType) []string {
	names := []string{}
	if s.Fields == nil {
		return names
	}
	for _, f := range s.Fields.List {
		if len(f.Names) == 0 {
			names = append(names, embeddedName(f.Type))
			continue
		}
		for _, n := range f.Names {
			names = append(names, n.Name)
		}
	}
	return names
}

// walkType records every struct type within type expression t. access is a Go expression
// denoting a value of type t, or "" when none exists (then reason says why).
func (w *walker) walkType(t ast.Expr, name, root, access, reason string) {
	switch t := t.(type) {
	case *ast.ParenExpr:
		w.walkType(t.X, name, root, access, reason)
	case *ast.StructType:
		d := w.record(t, name)
		if access != "" {
			d.Root, d.Access = root, access
		} else {
			d.Skip = reason
		}
		if t.Fields == nil {
			return
		}
		for _, f := range t.Fields.List {
			names := []string{}
			if len(f.Names) == 0 {
				names = append(names, embeddedName(f.Type))
			}
			for _, n := range f.Names {
				names = append(names, n.Name)
			}
			for _, n := range names {
				sub, why := "", reason
				if access != "" {
					if n == "_" {
						why = "type of a blank field"
					} else {
						sub = access + "." + n
					}
				}
				w.walkType(f.Type, "struct", root, sub, why)
			}
		}
	case *ast.ArrayType:
		sub, why := "", reason
		if access != "" {
			switch {
			case t.Len == nil: // slice: indexing is fine at compile time, nothing is evaluated
				sub = access + "[0]"
			case isPositiveIntLit(t.Len):
				sub = access + "[0]"
			default:
				why = "element of an array whose length is not a positive literal"
			}
		}
		w.walkType(t.Elt, "struct", root, sub, why)
	case *ast.StarExpr:
		sub := ""
		if access != "" {
			sub = "(*" + access + ")"
		}
		w.walkType(t.X, "struct", root, sub, reason)
	default:
		// Map keys/values, channel elements, function signatures, interfaces, type
		// arguments: struct types in there are recorded by the final sweep.
	}
}

func isPositiveIntLit(e ast.Expr) bool {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.INT {
		return false
	}
	v, err := strconv.ParseInt(lit.Value, 0, 64)
	return err == nil && v > 0
}

func (w *walker) file1(f *ast.File) {
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, spec := range g.Specs {
			switch spec := spec.(type) {
			case *ast.TypeSpec:
				if spec.TypeParams != nil && len(spec.TypeParams.List) > 0 {
					w.walkType(spec.Type, spec.Name.Name, "", "", "generic type (needs an instantiation)")
					continue
				}
				if spec.Name.Name == "_" {
					w.walkType(spec.Type, spec.Name.Name, "", "", "blank type name")
					continue
				}
				w.walkType(spec.Type, spec.Name.Name, spec.Name.Name, "$", "")
			case *ast.ValueSpec:
				if g.Tok != token.VAR {
					continue
				}
				for i, n := range spec.Names {
					acc, why := n.Name, ""
					if n.Name == "_" {
						acc, why = "", "type of a blank package-level variable"
					}
					if spec.Type != nil {
						w.walkType(spec.Type, "struct", "", acc, why)
					} else if len(spec.Values) == len(spec.Names) {
						if cl, ok := spec.Values[i].(*ast.CompositeLit); ok && cl.Type != nil {
							w.walkType(cl.Type, "struct", "", acc, why)
						}
					}
				}
			}
		}
	}
	// Final sweep: every other struct type, with fieldalignment's name and a reason.
	var stack []ast.Node
	inFunc := 0
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch top.(type) {
			case *ast.FuncDecl, *ast.FuncLit:
				inFunc--
			}
			return true
		}
		switch n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			inFunc++
		}
		if s, ok := n.(*ast.StructType); ok {
			if _, seen := w.found[s]; !seen {
				name := "struct"
				if ts, ok := stack[len(stack)-1].(*ast.TypeSpec); ok && ts.Type == s {
					name = ts.Name.Name
				}
				d := w.record(s, name)
				if inFunc > 0 {
					d.Skip = "declared inside a function"
				} else {
					d.Skip = "anonymous struct not reachable from a package-level name"
				}
			}
		}
		stack = append(stack, n)
		return true
	})
}

func main() {
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	fset := token.NewFileSet()
	status := 0
	for _, path := range os.Args[1:] {
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			status = 1
			if f == nil {
				continue
			}
		}
		w := &walker{fset: fset, file: path, found: map[*ast.StructType]*decl{}}
		w.file1(f)
		// Source order, as fieldalignment's inspector visits them.
		sortByPos(w.order)
		for _, s := range w.order {
			if err := enc.Encode(w.found[s]); err != nil {
				fmt.Fprintln(os.Stderr, err)
				out.Flush()
				os.Exit(2)
			}
		}
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		status = 2
	}
	os.Exit(status)
}

func sortByPos(s []*ast.StructType) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j].Pos() < s[j-1].Pos(); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
