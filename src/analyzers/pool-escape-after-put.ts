// pool-escape-after-put: a pooled buffer's bytes outlive its return to the pool.
import type { Node } from 'web-tree-sitter';
import { enclosingFunction, type SyntaxFile } from '../source/syntax.js';
import { declarationOf } from '../types/local.js';
import { docsUrl, type Analyzer, type Pass } from './analyzer.js';
import { eachFileOf, isSyncPool, report } from './body.js';
import { pooledType } from './pool-put.js';

const doc = `Reports the bytes of a pooled buffer (buf.Bytes(), or the slice behind a *[]byte: *p)
returned or used after the buffer went back to its sync.Pool: returned from a function that
defers the Put, or used after a Put that already ran.

After Put the next Get hands the same memory to someone else, who resets it and writes into
it: the bytes the first user still holds change under its feet. Data corruption that shows
only under concurrency, and a leak of one request's data into another's response.

Fix: copy what must outlive the buffer before Put (string(buf.Bytes()), bytes.Clone,
append([]byte(nil), b...)), or Put later, once nobody holds the bytes.

Not reported: copies taken before Put (string(...), bytes.Clone, append to nil, copy), and
buffers whose Put heapwise cannot see (helpers are followed one call deep within the package).`;

export const poolEscapeAfterPut: Analyzer = {
  id: 'pool-escape-after-put',
  title: "a pooled buffer's bytes used after it went back to the pool",
  doc,
  url: docsUrl('pool-escape-after-put'),
  severity: 'warning',
  needs: 'bodies',
  run(pass) {
    for (const file of eachFileOf(pass)) {
      const helpers = poolHelpers(pass, file);
      for (const call of file.all('call_expression')) {
        const v = putValue(pass, file, call, helpers);
        if (!v || v.type !== 'identifier') continue;
        const type = pooledType(v)?.type ?? helperGetType(v, helpers);
        if (type !== '*bytes.Buffer' && type !== '*[]byte') continue;
        const fn = enclosingFunction(call);
        if (!fn) continue;
        const deferred = call.parent?.type === 'defer_statement';
        const use = deferred ? returnedAlias(fn, v.text) : useAfter(fn, v.text, call);
        if (!use) continue;
        report(pass, file, use, {
          message: deferred
            ? `returns the bytes of ${v.text}, which the deferred Put hands back to the pool: the next Get overwrites them; copy them first (bytes.Clone)`
            : `${use.text} holds the bytes of ${v.text} and is used after ${v.text} went back to the pool: the next Get overwrites them; copy them before Put`,
        });
      }
    }
  },
};

interface Helpers {
  /** Package functions that Put their first argument into a pool. */
  puts: Set<string>;
  /** Package functions that return an object from a pool, with its type. */
  gets: Map<string, string>;
}

const helperCache = new WeakMap<object, Map<string, Helpers>>();

/** One call deep: bufpool.Get() / bufpool.Put(b) style wrappers in the package (once per package). */
function poolHelpers(pass: Pass, file: SyntaxFile): Helpers {
  const scope = pass.packages.find((s) => s.pkg.files.includes(file.path));
  const perRun = helperCache.get(pass.program) ?? new Map<string, Helpers>();
  helperCache.set(pass.program, perRun);
  const key = scope?.pkg.importPath ?? file.path;
  const known = perRun.get(key);
  if (known) return known;
  const h: Helpers = { puts: new Set(), gets: new Map() };
  perRun.set(key, h);
  for (const path of scope?.pkg.files ?? [file.path]) {
    const f = pass.syntax(path);
    for (const fn of f?.all('function_declaration') ?? []) {
      const name = fn.childForFieldName('name')?.text ?? '';
      const first = fn.childForFieldName('parameters')?.namedChildren[0]?.childrenForFieldName('name')[0]?.text;
      const body = fn.childForFieldName('body')?.text ?? '';
      if (!body.includes('.Put(') && !body.includes('.Get()')) continue;
      if (first && new RegExp(`\\.Put\\(\\s*${first}\\s*\\)`).test(body)) h.puts.add(name);
      const got = /\.Get\(\)\.\((\*?[\w.[\]]+)\)/.exec(body);
      const result = fn.childForFieldName('result')?.text;
      if (got && result === got[1]) h.gets.set(name, got[1]!);
    }
  }
  return h;
}

function putValue(pass: Pass, file: SyntaxFile, call: Node, helpers: Helpers): Node | undefined {
  const fn = call.childForFieldName('function');
  const arg = call.childForFieldName('arguments')?.namedChildren[0] ?? undefined;
  if (fn?.type === 'identifier' && helpers.puts.has(fn.text)) return arg;
  if (fn?.type === 'selector_expression' && fn.childForFieldName('field')?.text === 'Put') {
    const pool = fn.childForFieldName('operand');
    if (pool && isSyncPool(pass, file, pool)) return arg;
  }
  return undefined;
}

function helperGetType(v: Node, helpers: Helpers): string | undefined {
  const value = declarationOf(v)?.value;
  const fn = value?.type === 'call_expression' ? value.childForFieldName('function')?.text : undefined;
  return fn ? helpers.gets.get(fn) : undefined;
}

/** `v.Bytes()`, `*v`, `(*v)[...]` in `n`, not inside a copy. */
function aliasesIn(n: Node, v: string): Node[] {
  const out: Node[] = [];
  const isAlias = (x: Node) => x.text === `${v}.Bytes()` || x.text === `*${v}` || x.text.startsWith(`(*${v})[`);
  const visit = (x: Node) => {
    // Through a call the bytes may or may not come back (copied, parsed, summed): only the
    // plain expression counts.
    if (x.type === 'call_expression' && x.text !== `${v}.Bytes()`) return;
    if (isAlias(x)) {
      out.push(x);
      return;
    }
    for (const c of x.namedChildren) if (c) visit(c);
  };
  visit(n);
  return out;
}

/** The bytes are copied where they are used: string(b), bytes.Clone(b), copy(dst, b), append(x, b...). */
function copiedAt(bytesCall: Node): boolean {
  const args = bytesCall.parent;
  const call = args?.type === 'argument_list' ? args.parent : undefined;
  const fn = call?.childForFieldName('function')?.text ?? '';
  if (/^(string|bytes\.Clone|strings\.Clone|copy)$/.test(fn)) return true;
  if (fn === 'append') return bytesCall.nextSibling?.type === '...' || (args?.text.includes(`${bytesCall.text}...`) ?? false);
  return false;
}

/** Variables that hold the buffer's bytes: out := v.Bytes(). */
function aliasVars(fn: Node, v: string): Set<string> {
  const names = new Set<string>();
  for (const d of fn.descendantsOfType('short_var_declaration')) {
    const left = d?.childForFieldName('left')?.namedChildren ?? [];
    const right = d?.childForFieldName('right')?.namedChildren ?? [];
    left.forEach((l, i) => {
      if (l && right[i] && aliasesIn(right[i]!, v).length > 0 && aliasesIn(right[i]!, v)[0]!.text === right[i]!.text) names.add(l.text);
    });
  }
  return names;
}

function returnedAlias(fn: Node, v: string): Node | undefined {
  const vars = aliasVars(fn, v);
  for (const r of fn.descendantsOfType('return_statement')) {
    if (!r || enclosingFunction(r)?.startIndex !== fn.startIndex) continue;
    const direct = aliasesIn(r, v)[0];
    if (direct) return direct;
    const byVar = r.descendantsOfType('identifier').find((id) => id !== null && vars.has(id.text));
    if (byVar) return byVar;
  }
  return undefined;
}

function useAfter(fn: Node, v: string, put: Node): Node | undefined {
  // A Put in a block that then returns (an error path) reaches nothing after that block.
  const end = reachEnd(put);
  const reachable = (n: Node) => n.startIndex > put.endIndex && n.endIndex <= end && enclosingFunction(n)?.startIndex === fn.startIndex;
  // v.Bytes() itself after the Put, unless copied right there.
  for (const c of fn.descendantsOfType('call_expression')) {
    if (c && reachable(c) && c.text === `${v}.Bytes()` && !copiedAt(c)) return c;
  }
  // *p after the Put of a *[]byte: the slice the pool now hands to the next Get.
  for (const u of fn.descendantsOfType('unary_expression')) {
    if (u && reachable(u) && u.text === `*${v}` && !copiedAt(u.parent?.type === 'parenthesized_expression' ? u.parent : u)) return u;
  }
  const vars = aliasVars(fn, v);
  for (const id of fn.descendantsOfType('identifier')) {
    if (id && reachable(id) && vars.has(id.text)) return id;
  }
  return undefined;
}

/** Where code after `put` can run to: the end of its block when the block leaves, else of the function. */
function reachEnd(put: Node): number {
  let stmt: Node | null = put;
  while (stmt && stmt.parent && stmt.parent.type !== 'statement_list' && stmt.parent.type !== 'block') stmt = stmt.parent;
  const list = stmt?.parent;
  if (!list || !stmt) return Number.MAX_SAFE_INTEGER;
  const leaves = list.namedChildren.some((c) => c !== null && c.startIndex > stmt!.startIndex && /^(return_statement|continue_statement|break_statement|goto_statement)$/.test(c.type));
  return leaves ? list.endIndex : Number.MAX_SAFE_INTEGER;
}
