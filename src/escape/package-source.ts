// What the explanations need to know about a package's names, read from its source with the
// skim (no type checking): package-level variables, methods, interface types, and the written
// type of a parameter or local. Anything it cannot read is `undefined`, and the classifier
// then says less, never more.
import { readSource } from '../source/read.js';
import { skim } from '../source/skim.js';
import type { PackageNames } from './classify.js';
import type { InliningFact } from './model.js';

interface FuncRange {
  start: number;
  end: number;
  params: string;
  text: string;
}

interface FileInfo {
  text: string;
  lineStarts: number[];
  funcs: FuncRange[];
}

/** The same names, told which calls the compiler inlined where (to name fmt.Println, not Fprintln). */
export function withInlining(names: PackageNames, inlining: InliningFact[]): PackageNames {
  const inlinedAt = new Map<string, string>();
  for (const f of inlining) {
    // The first call inlined at a position is the one written there; later ones are its callees.
    const k = `${f.file}:${f.line}:${f.column}`;
    if (f.kind === 'inlined-call' && !inlinedAt.has(k)) inlinedAt.set(k, f.function);
  }
  return { ...names, inlinedCallAt: (p) => inlinedAt.get(`${p.file}:${p.line}:${p.column}`) };
}

export function packageNames(files: string[]): PackageNames {
  const globals = new Set<string>();
  const methods = new Set<string>();
  const interfaces = new Set<string>();
  const funcTypes = new Set<string>();
  const infos = new Map<string, FileInfo | undefined>();
  for (const f of files) {
    const info = fileInfo(f);
    infos.set(f, info);
    if (!info) continue;
    const { text } = info;
    for (const d of skim(text).decls) {
      const decl = text.slice(d.start, d.end);
      if (d.kind === 'var') for (const n of varNames(decl)) globals.add(n);
      if (d.kind === 'type') for (const m of decl.matchAll(/(?:^|\n|\()\s*(?:type\s+)?(\w+)(?:\[[^\]]*\])?\s+interface\b/g)) interfaces.add(m[1]!);
      if (d.kind === 'type') for (const m of decl.matchAll(/(?:^|\n|\()\s*(?:type\s+)?(\w+)(?:\[[^\]]*\])?\s+func\b/g)) funcTypes.add(m[1]!);
      if (d.kind === 'func') {
        const m = /^func\s*\([^)]*\)\s*(\w+)/.exec(decl.replace(/^(\s*\/\/[^\n]*\n)*\s*/, ''));
        if (m) methods.add(m[1]!);
      }
    }
  }
  const info = (file: string) => {
    if (!infos.has(file)) infos.set(file, fileInfo(file));
    return infos.get(file);
  };
  /** The function declaration around `line` and its text before that line. */
  const around = (file: string, line: number): { fn: FuncRange; before: string } | undefined => {
    const fi = info(file);
    if (!fi) return undefined;
    const at = fi.lineStarts[line - 1] ?? -1;
    const fn = fi.funcs.find((f) => f.start <= at && at < f.end);
    return fn && { fn, before: fi.text.slice(fn.start, at) };
  };
  return {
    globals,
    methods,
    interfaces,
    funcTypes,
    inlinedCallAt: () => undefined,
    typeOf(file, line, name) {
      const a = around(file, line);
      if (!a) return undefined;
      const { fn, before } = a;
      const ranged = rangeOver(before, name);
      if (ranged) return elementType(paramType(fn.params, ranged.over) ?? localType(before, ranged.over), ranged.second);
      return paramType(fn.params, name) ?? localType(before, name);
    },
    freshSlice(file, line, name) {
      const a = /^\w+$/.test(name) ? around(file, line) : undefined;
      return a !== undefined && paramType(a.fn.params, name) === undefined && freshDeclaration(a.before, name);
    },
    lineText(file, line) {
      const fi = info(file);
      if (!fi) return '';
      const s = fi.lineStarts[line - 1];
      if (s === undefined) return '';
      const e = fi.text.indexOf('\n', s);
      return fi.text.slice(s, e < 0 ? undefined : e);
    },
  };
}

function fileInfo(file: string): FileInfo | undefined {
  if (file.startsWith('<')) return undefined;
  let text: string;
  try {
    text = readSource(file);
  } catch {
    return undefined;
  }
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const funcs: FuncRange[] = [];
  for (const d of skim(text).decls) {
    if (d.kind !== 'func') continue;
    const decl = text.slice(d.start, d.end);
    // The parameter list: the first (...) after the name (the receiver's comes before it).
    const m = /func\s*(?:\([^)]*\)\s*)?\w+\s*(?:\[[^\]]*\]\s*)?\(/.exec(decl);
    let params = '';
    if (m) {
      const open = d.start + m.index + m[0].length - 1;
      const close = matchParen(text, open);
      if (close > open) params = text.slice(open + 1, close);
    }
    const recv = /func\s*\(([^)]*)\)/.exec(decl);
    funcs.push({ start: d.start, end: d.end, params: recv ? `${recv[1]}, ${params}` : params, text: decl });
  }
  return { text, lineStarts, funcs };
}

/** Index of the `)` closing the `(` at `open`, -1 when there is none. */
function matchParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

function varNames(decl: string): string[] {
  const body = decl.replace(/^(\s*\/\/[^\n]*\n)*\s*var\s*/, '');
  if (!body.startsWith('(')) return [...(/^([\w\s,]+?)(?:\s+[^\s,=]|\s*=)/.exec(body)?.[1] ?? '').split(',')].map((s) => s.trim()).filter(Boolean);
  const out: string[] = [];
  for (const m of body.matchAll(/\n\s*(\w+(?:\s*,\s*\w+)*)\s+(?:[^\s,=]|=)/g)) out.push(...m[1]!.split(',').map((s) => s.trim()));
  return out;
}

/** `a, b int, f func(x int) error` -> the type written for `name`. */
function paramType(params: string, name: string): string | undefined {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of params) {
    if ('([{'.includes(ch)) depth++;
    if (')]}'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) parts.push(cur.trim());
  // Names without a type take the type of the next part that has one (a, b int).
  let pendingMatch = false;
  for (const p of parts) {
    const m = /^(\w+)\s+(.+)$/s.exec(p);
    if (!m) {
      if (p === name) pendingMatch = true;
      continue;
    }
    if (m[1] === name || pendingMatch) return m[2]!.replace(/^\.\.\./, '[]').trim();
  }
  return undefined;
}

/**
 * The last declaration of `name` in `before` makes a new slice: `var name []T`, `name :=
 * []T{...}`, `name := make(...)` (or the `var name = ...` forms). A name declared otherwise (from
 * a call, a field, another slice) may share a buffer that outlives the call.
 */
function freshDeclaration(before: string, name: string): boolean {
  const decl = new RegExp(String.raw`(?:\bvar\s+${name}\b([^\n;]*)|\b${name}\s*:=([^\n;]*))`, 'g');
  let last: string | undefined;
  for (const m of before.matchAll(decl)) last = m[1] ?? m[2];
  if (last === undefined) return false;
  const init = /=(.*)$/.exec(last)?.[1]?.trim();
  if (init === undefined) return /^\s*\[\]/.test(last); // var name []T: nil
  return /^(?:make\(|\[\][\w.*\[\]]*\{|\[\][\w.*]+\(nil\))/.test(init) || init === 'nil';
}

/** `for k, v := range xs` binding `name` (the last such before the use): what it ranges over, and whether name is v. */
function rangeOver(before: string, name: string): { over: string; second: boolean } | undefined {
  if (!/^\w+$/.test(name)) return undefined;
  let found: { over: string; second: boolean; end: number } | undefined;
  for (const m of before.matchAll(/\bfor\s+(\w+)(?:\s*,\s*(\w+))?\s*:=\s*range\s+(\w+)\s*\{/g)) {
    if (m[1] === name || m[2] === name) found = { over: m[3]!, second: m[2] === name, end: m.index + m[0].length };
  }
  // A declaration of the name after the loop's header is the one in scope.
  if (!found || new RegExp(`\\bvar\\s+${name}\\b|\\b${name}\\s*(,\\s*\\w+\\s*)?:=`).test(before.slice(found.end))) return undefined;
  return found;
}

/**
 * The type a range over a value of type `t` gives its first (index, key) or second (element,
 * value) variable; '?' when it cannot tell, so a later local of that name is not mistaken for it.
 */
function elementType(t: string | undefined, second: boolean): string {
  if (!t || t === '?') return '?';
  if (t.startsWith('[]')) return second ? t.slice(2) : 'int';
  const map = /^map\[/.exec(t);
  if (map) {
    let depth = 0;
    for (let i = 3; i < t.length; i++) {
      if (t[i] === '[') depth++;
      else if (t[i] === ']' && --depth === 0) return second ? t.slice(i + 1) : t.slice(4, i);
    }
  }
  return '?';
}

/** The last declaration of a local before the use: `var name T`, `name := make(map...)`, ... */
function localType(before: string, name: string): string | undefined {
  if (!/^\w+$/.test(name)) return undefined;
  const esc = name;
  let found: string | undefined;
  for (const m of before.matchAll(new RegExp(`\\bvar\\s+${esc}\\s+([^=\\n]+)|\\b${esc}\\s*:=\\s*([^\\n]+)`, 'g'))) {
    if (m[1]) found = m[1].trim();
    else {
      const rhs = m[2]!.trim();
      const made = /^make\((map\[|\[\])/.exec(rhs);
      found = made ? made[1] : /^(func|map\[|\[\]|&|new\()/.exec(rhs)?.[1] ?? '';
    }
  }
  return found === '' ? '?' : found;
}
