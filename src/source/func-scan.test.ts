// The scan against tree-sitter: the same functions, bodies and loop bodies, on hand-written
// headers that need the grammar and on whole standard-library packages.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { beforeAll, describe, expect, it } from 'vitest';
import { runGo } from '../go/toolchain.js';
import { scanFunctions, type FunctionRange } from './func-scan.js';
import { goParser } from './parser.js';
import { PositionMap } from './positions.js';

let parser: Parser;
beforeAll(async () => {
  parser = await goParser();
});

/** The reference: what a tree-sitter parse gives for the same ranges (byte offsets). */
function byTreeSitter(bytes: Buffer): FunctionRange[] {
  const text = bytes.toString('utf8');
  const tree = parser.parse(text)!;
  // web-tree-sitter's indexes are UTF-16 code units of the string it was given.
  const positions = new PositionMap(text);
  const offset = (i: number) => positions.offset(i);
  try {
    const out: FunctionRange[] = [];
    for (const node of tree.rootNode.namedChildren) {
      if (!node || (node.type !== 'function_declaration' && node.type !== 'method_declaration')) continue;
      const body = node.childForFieldName('body');
      const loops = [];
      for (const loop of body?.descendantsOfType('for_statement') ?? []) {
        const b = loop?.childForFieldName('body');
        if (b) loops.push({ bodyStart: offset(b.startIndex), bodyEnd: offset(b.endIndex) });
      }
      out.push({
        name: node.childForFieldName('name')?.text ?? '',
        receiver: node.childForFieldName('receiver')?.descendantsOfType('type_identifier')[0]?.text,
        bodyStart: body ? offset(body.startIndex) : -1,
        bodyEnd: body ? offset(body.endIndex) : -1,
        loops,
      });
    }
    return out;
  } finally {
    tree.delete();
  }
}

const sorted = (fs: FunctionRange[]) => fs.map((f) => ({ ...f, loops: [...f.loops].sort((a, b) => a.bodyStart - b.bodyStart) }));

function same(src: string): FunctionRange[] {
  const bytes = Buffer.from(src, 'utf8');
  const scanned = scanFunctions(bytes);
  expect(scanned).toBeDefined();
  expect(sorted(scanned!)).toEqual(sorted(byTreeSitter(bytes)));
  return scanned!;
}

describe('scanFunctions', () => {
  it('finds loop bodies past literals, conversions and function literals in the header', () => {
    const fns = same(`package p

import "strings"

var f = func() { for {} } // not a declaration

type T struct{ a int }

func (t *T) M(xs []int) (n int, err error) {
	for _, x := range []int{1, 2, 3} {
		n += x
	}
	for _, b := range []byte("héllo") {
		n += int(b)
	}
	for k := range map[string]struct{}{"a": {}} {
		_ = k
	}
	for _, s := range []struct{ a, b int }{{1, 2}} {
		_ = s
	}
	for i := func() int { for { return 0 } }(); i < 3; i++ {
		_ = xs[i:]
	}
	for _, fn := range []func() int{func() int { return 1 }} {
		_ = fn
	}
	for i := range xs[1:] {
		_ = strings.Repeat("}", i) + "{"
	}
	for _, r := range [...]rune{'{', '}'} { _ = r }
	go func() {
		for x := range make(chan int) {
			_ = x
		}
	}()
	return
}

func (List[T]) Len() int { return 0 }

func (l *List[T]) Each(f func(T) bool) {}

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func asm(x int) int

func result() struct{ a int } { return struct{ a int }{1} }

func fnResult() func() int { return func() int { for {} } }

/* a comment with func f() { for {} } inside */
`);
    expect(fns.map((f) => `${f.receiver ?? ''}.${f.name}:${f.loops.length}`)).toEqual(['T.M:10', 'List.Len:0', 'List.Each:0', '.Map:1', '.asm:0', '.result:0', '.fnResult:1']);
    expect(fns.find((f) => f.name === 'asm')!.bodyStart).toBe(-1);
  });

  it('gives up on a file with an unclosed brace, string or comment', () => {
    expect(scanFunctions(Buffer.from('package p\nfunc f() {\n'))).toBeUndefined();
    expect(scanFunctions(Buffer.from('package p\nfunc f() { s := "abc\n }'))).toBeUndefined();
    expect(scanFunctions(Buffer.from('package p\n/* open'))).toBeUndefined();
  });

  it('matches tree-sitter on whole standard-library packages', async () => {
    const goroot = (await runGo(['env', 'GOROOT'], { cwd: import.meta.dirname })).stdout.trim();
    const pkgs = ['net/http', 'encoding/json', 'go/parser', 'go/types', 'runtime', 'strconv', 'regexp/syntax', 'text/template', 'sync', 'slices', 'iter', 'crypto/tls'];
    let files = 0;
    let loops = 0;
    for (const pkg of pkgs) {
      const dir = path.join(goroot, 'src', pkg);
      for (const name of readdirSync(dir)) {
        if (!name.endsWith('.go')) continue;
        const bytes = readFileSync(path.join(dir, name));
        const scanned = scanFunctions(bytes);
        expect(scanned, `${pkg}/${name}`).toBeDefined();
        expect(sorted(scanned!), `${pkg}/${name}`).toEqual(sorted(byTreeSitter(bytes)));
        files++;
        loops += scanned!.reduce((n, f) => n + f.loops.length, 0);
      }
    }
    expect(files).toBeGreaterThan(500);
    expect(loops).toBeGreaterThan(4000);
  });
});
