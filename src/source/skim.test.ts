import { describe, expect, it } from 'vitest';
import { compact, matchBrace, skim, toOriginal } from './skim.js';

const src = `// Copyright
package p

import "fmt"

// T is documented.
//heapwise:layout fixed
type T struct {
	a string // has a } in a comment
	b rune
}

var s = "func { not a decl"
var r = '}'
var f = func() { fmt.Println("}") }

func (t *T) M() interface{ N() } {
	x := \`raw } func\`
	_ = x
}

func Local() {
	type inner struct{ a, b int }
}

func Empty() chan struct{} { return nil }

func asm() error

const C = 1
`;

describe('skim', () => {
  const { decls, unclosedAt } = skim(src);
  const kinds = decls.map((d) => d.kind);

  it('splits a file into its top-level declarations', () => {
    expect(unclosedAt).toBeUndefined();
    expect(kinds).toEqual(['package', 'import', 'type', 'var', 'var', 'var', 'func', 'func', 'func', 'func', 'const']);
  });

  it('keeps doc comments with the declaration below them', () => {
    const t = decls[2]!;
    expect(src.slice(t.start, t.end)).toMatch(/^\/\/ T is documented\.\n\/\/heapwise:layout fixed\ntype T struct/);
  });

  it('is not fooled by braces and keywords in strings, runes, raw strings and comments', () => {
    const m = decls[6]!;
    expect(src.slice(m.start, m.end)).toMatch(/^func \(t \*T\) M\(\)[\s\S]*raw \} func`\n\t_ = x\n}\n\n$/);
  });

  it('marks declarations that contain a struct type with fields, not struct{}', () => {
    expect(decls.filter((d) => d.hasStruct).map((d) => d.kind)).toEqual(['type', 'func']);
  });

  it('reports an unclosed brace or string', () => {
    expect(skim('package p\nvar s = "abc\n').unclosedAt).toBe(18);
    expect(skim('package p\nvar s = `abc\n').unclosedAt).toBe(18);
  });
});

describe('compact and toOriginal', () => {
  it('map indexes of the packed text back to the file', () => {
    const text = 'aaaa\nbbbb\ncccc\n';
    const c = compact(text, [
      { start: 0, end: 5 },
      { start: 10, end: 15 },
    ]);
    expect(c.text).toBe('aaaa\n\ncccc\n\n');
    expect(toOriginal(c, 0)).toBe(0);
    expect(toOriginal(c, 6)).toBe(10);
    expect(text[toOriginal(c, c.text.indexOf('c'))]).toBe('c');
  });
});

describe('matchBrace', () => {
  it('finds the matching brace past strings and comments', () => {
    const t = 'x{a{"}"}/*}*/\'}\'}y';
    expect(matchBrace(t, 1)).toBe(t.length - 1);
  });
});
