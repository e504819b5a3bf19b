// Where in the source an allocation sits: the end of its expression on the line (for the
// marker), the function around it and whether it runs once per loop iteration. Functions and
// loops come from a token scan of each file of the analysed packages (source/func-scan.ts):
// this runs while the compiler does, on the same two cores, and a tree-sitter parse there
// slowed the compile by 70-270 ms.
import { scanFunctions, type FunctionRange } from '../source/func-scan.js';
import { exitCallNames } from '../source/exits.js';
import { readSource } from '../source/read.js';

export interface Site {
  /** Where the expression's text starts, when not at the compiler's column (see exprStart). */
  exprColumn: number | null;
  endColumn: number | null;
  inLoop: boolean | null;
  function: string | null;
  /**
   * The allocation is part of a statement that leaves the function, written on this line:
   * `return ...` (once per call, even in a loop) or `panic(...)`, `log.Fatal(...)`,
   * `os.Exit(...)` (an exceptional path). Null when it is not, or the line does not show it.
   */
  onExit: 'return' | 'panic' | null;
  /**
   * At a function's declaration (`func` at the start of the line, the compiler's column 6), not
   * in a body: where the compiler puts what a generic function's instantiation wrapper inlined
   * from the body (`(*Stack[string]).Push` repeats `(*Stack[go.shape.string]).Push`'s append).
   */
  atDeclaration: boolean;
}

interface FileSites {
  bytes: Buffer;
  lineStarts: number[];
  /** Undefined for files outside the analysed packages, or when the scan gave up. */
  functions: FunctionRange[] | undefined;
}

export class SiteFinder {
  private readonly files = new Map<string, FileSites | undefined>();

  site(file: string, line: number, column: number, expr: string): Site {
    const f = this.file(file);
    const none: Site = { exprColumn: null, endColumn: null, inLoop: null, function: null, onExit: null, atDeclaration: false };
    if (!f || column < 1) return none;
    const start = f.lineStarts[line - 1];
    if (start === undefined) return none;
    const next = f.lineStarts[line];
    const lineBytes = f.bytes.subarray(start, next === undefined ? f.bytes.length : next - 1);
    const offset = start + column - 1;
    const fn = f.functions?.find((fn) => fn.bodyStart <= offset && offset < fn.bodyEnd);
    const text = lineBytes.toString('latin1');
    return {
      exprColumn: exprStart(text, column - 1, expr),
      endColumn: expressionEnd(text, column - 1, expr),
      inLoop: f.functions ? (fn ? fn.loops.some((l) => l.bodyStart <= offset && offset < l.bodyEnd) : false) : null,
      function: fn ? (fn.receiver ? `${fn.receiver}.${fn.name}` : fn.name) : null,
      onExit: exitStatement(text, column - 1),
      atDeclaration: !fn && column === 6 && text.startsWith('func '),
    };
  }

  /** Files of the analysed packages: the only ones parsed for functions and loops. */
  private readonly own = new Set<string>();

  /** Reads and parses a file of the analysed packages ahead of need (while the compiler runs). */
  prime(file: string): void {
    this.own.add(file);
    this.file(file);
  }

  /** The source line, for display. */
  lineText(file: string, line: number): string | undefined {
    const f = this.file(file);
    const start = f?.lineStarts[line - 1];
    if (!f || start === undefined) return undefined;
    const next = f.lineStarts[line];
    return f.bytes.subarray(start, next === undefined ? f.bytes.length : next - 1).toString('utf8');
  }

  private file(file: string): FileSites | undefined {
    if (this.files.has(file)) return this.files.get(file);
    let sites: FileSites | undefined;
    if (!file.startsWith('<')) {
      try {
        const bytes = Buffer.from(readSource(file), 'utf8');
        const lineStarts = [0];
        for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) lineStarts.push(i + 1);
        // Other files (standard-library code inlined into the packages) are not parsed: their
        // decisions keep the compiler's function name, and inLoop is null (not known).
        // No loops known (an unclosed brace): inLoop is null, not false.
        const functions = this.own.has(file) ? scanFunctions(bytes) : undefined;
        sites = { bytes, lineStarts, functions };
      } catch {
        sites = undefined;
      }
    }
    this.files.set(file, sites);
    return sites;
  }
}

const exitLine = new RegExp(`^\\s*(?:(return)\\b|(?:${exitCallNames})\\s*\\()`);

/**
 * The line starts a statement that leaves the function, and byte `at` is inside it: not in a
 * func literal written on the same line (`return func() { ... }`), whose body runs later.
 */
export function exitStatement(line: string, at: number): 'return' | 'panic' | null {
  const m = exitLine.exec(line);
  if (!m || at < m[0].length - 1 || /\bfunc\b/.test(line.slice(m[0].length, at))) return null;
  return m[1] ? 'return' : 'panic';
}

/**
 * The 1-based column where the expression's text starts when the compiler places it elsewhere:
 * a selector (`e.Method`) at its last dot, a call (`new(T)`, `make(...)`) at its `(`. Null when
 * the text starts at the compiler's column or the source does not show where it starts.
 */
export function exprStart(line: string, at: number, expr: string): number | null {
  const e = Buffer.from(expr, 'utf8').toString('latin1');
  if (line.startsWith(e, at)) return null;
  const dot = e.lastIndexOf('.');
  if (line[at] === '.' && dot > 0 && line.startsWith(e, at - dot)) return at - dot + 1;
  const paren = e.indexOf('(');
  if (line[at] === '(' && paren > 0 && line.startsWith(e.slice(0, paren + 1), at - paren)) return at - paren + 1;
  return null;
}

/**
 * The 1-based byte column just past the expression that starts at byte `at` of `line` (a
 * latin1 string, so indexes are bytes), or null when the source does not show where it ends
 * on this line.
 */
export function expressionEnd(line: string, at: number, expr: string): number | null {
  const exprBytes = Buffer.from(expr, 'utf8').toString('latin1');
  const dot = exprBytes.lastIndexOf('.');
  if (line[at] === '.' && dot > 0 && line.startsWith(exprBytes, at - dot)) return at - dot + exprBytes.length + 1;
  const rest = line.slice(at);
  if (rest.startsWith(exprBytes) && !/[\w]/.test(rest[exprBytes.length] ?? '')) return at + exprBytes.length + 1;
  // Shortened forms: `&T{...}`, `make([]byte, n)`, `append`, `func literal`: match brackets.
  // Calls (new, make, append, conversions) are placed at their `(`.
  if (rest.startsWith('(')) {
    const end = matchOnLine(rest, 0);
    return end < 0 ? null : at + end + 2;
  }
  const head = /^(?:&|\*)?(?:func\b|[\w.]+|\[[^\]]*\][\w.*]+|map\[[^\]]+\][\w.*]+|\([^()]*\))?\s*/.exec(rest);
  let i = head ? head[0].length : 0;
  if (expr === 'func literal') {
    const body = rest.indexOf('{');
    if (body < 0) return null;
    i = body;
  }
  const open = rest[i];
  if (open !== '(' && open !== '{') return null;
  const end = matchOnLine(rest, i);
  return end < 0 ? null : at + end + 2;
}

function matchOnLine(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"' || c === '`' || c === "'") {
      const close = s.indexOf(c, i + 1);
      if (close < 0) return -1;
      i = close;
      continue;
    }
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      if (--depth === 0) return i;
    }
  }
  return -1;
}
