// Top-level functions and the loops in them, by a token scan instead of a parse. The escape
// command needs only these ranges (which function an allocation is in, and whether it runs
// once per loop iteration), and it needs them while the compiler runs on the same two cores:
// tree-sitter parses ~5 MB/s, this scan runs at ~100 MB/s. It gives the same ranges as a
// tree-sitter parse (func-scan.test.ts compares them on standard-library packages).
//
// Only `for` headers need grammar: the loop body is the first `{` after `for` that does not
// open a composite literal or a function literal. The spec makes that decidable from tokens:
// in a statement header a composite literal whose type is a plain name must be parenthesized,
// so an unparenthesized one starts with a type literal (`[]T{`, `[N]T{`, `map[K]V{`,
// `struct{...}{`), and a function literal starts with `func`.

import { skipLiteral } from './skim.js';

export interface LoopRange {
  /** The body block: offset of its `{` and offset just past its `}`. */
  bodyStart: number;
  bodyEnd: number;
}

export interface FunctionRange {
  name: string;
  /** The receiver's type name for a method (`Server` for `(s *Server[T])`). */
  receiver: string | undefined;
  /** The body block, or -1 for a declaration without one (implemented in assembly). */
  bodyStart: number;
  bodyEnd: number;
  /** Every loop body in the function, nested ones and those in function literals included. */
  loops: LoopRange[];
}

type Kind = 'ident' | 'lit' | 'punct' | 'eof';

interface Token {
  kind: Kind;
  /** The identifier, or the punctuation character (operators come one character at a time). */
  text: string;
  start: number;
  end: number;
  /** A line break (or a comment with one) lies between the previous token and this one. */
  newline: boolean;
}

class Unclosed extends Error {}

/**
 * Functions and methods declared at the top level of a Go file, as byte offsets. Undefined
 * when a brace, string or comment is never closed: the file does not compile, and no ranges
 * are better than wrong ones.
 */
export function scanFunctions(source: Buffer): FunctionRange[] | undefined {
  try {
    // latin1: one character per byte, so string indexes are byte offsets.
    return new Scanner(source.toString('latin1')).file();
  } catch (e) {
    if (e instanceof Unclosed) return undefined;
    throw e;
  }
}

const isIdentStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
const isIdentPart = (c: number) => isIdentStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number) => c >= 48 && c <= 57;

class Scanner {
  private pos = 0;
  private loops: LoopRange[] = [];
  private pushedBack: Token | undefined;

  constructor(private readonly s: string) {}

  file(): FunctionRange[] {
    const out: FunctionRange[] = [];
    let prev: Token | undefined;
    let depth = 0;
    for (;;) {
      const t = this.next();
      if (t.kind === 'eof') return out;
      if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
      else if (depth === 0 && t.text === 'func' && startsDeclaration(prev, t)) {
        out.push(this.declaration());
        // A declaration ends a statement: its body's `}`, or its signature's end.
        prev = afterBlock;
        continue;
      }
      prev = t;
    }
  }

  /** After `func` at the top level: receiver, name, type parameters, signature, body. */
  private declaration(): FunctionRange {
    let t = this.next();
    let receiver: string | undefined;
    if (t.text === '(') {
      receiver = this.receiver();
      t = this.next();
    }
    const name = t.kind === 'ident' ? utf8(t.text) : '';
    t = this.next();
    if (t.text === '[') {
      this.skipGroup(t);
      t = this.next();
    }
    if (t.text === '(') {
      this.skipGroup(t);
      t = this.next();
    }
    // Results, up to the body's `{` or the end of the line (no body).
    for (;;) {
      if (t.kind === 'eof' || t.newline || t.text === ';') {
        this.pushedBack = t;
        return { name, receiver, bodyStart: -1, bodyEnd: -1, loops: [] };
      }
      if (t.text === '{') break;
      if (t.text === '(' || t.text === '[') this.skipGroup(t);
      else if (t.text === 'struct' || t.text === 'interface') {
        const open = this.next();
        if (open.text === '{') this.skipGroup(open);
        else this.pushedBack = open;
      }
      t = this.next();
    }
    this.loops = [];
    const bodyEnd = this.block();
    return { name, receiver, bodyStart: t.start, bodyEnd, loops: this.loops };
  }

  /** The receiver's type name: the identifier before its type arguments or the closing `)`. */
  private receiver(): string | undefined {
    let last: string | undefined;
    let found: string | undefined;
    for (let depth = 1; ; ) {
      const t = this.next();
      if (t.kind === 'eof') throw new Unclosed();
      if (t.text === '(' || t.text === '[' || t.text === '{') {
        if (depth === 1 && t.text === '[' && found === undefined) found = last;
        depth++;
      } else if (t.text === ')' || t.text === ']' || t.text === '}') {
        if (--depth === 0) {
          const name = found ?? last;
          return name === undefined ? undefined : utf8(name);
        }
      } else if (depth === 1 && t.kind === 'ident') last = t.text;
    }
  }

  /** A `{ ... }` whose `{` was just read; records the loops in it. Returns the offset past `}`. */
  private block(): number {
    for (;;) {
      const t = this.next();
      if (t.kind === 'eof') throw new Unclosed();
      if (t.text === '}') return t.end;
      if (t.text === '{') this.block();
      else if (t.text === 'for') {
        const body = this.forHeader();
        this.loops.push({ bodyStart: body.start, bodyEnd: this.block() });
      }
    }
  }

  /** After `for`: reads the header and returns the `{` that opens the loop body. */
  private forHeader(): Token {
    let prev: Token | undefined;
    for (let depth = 0; ; ) {
      const t = this.next();
      if (t.kind === 'eof') throw new Unclosed();
      if (t.text === '{') {
        if (depth === 0) return t;
        this.block(); // a literal inside parentheses or brackets
      } else if (t.text === '[' && depth === 0 && operandPosition(prev)) {
        this.skipGroup(t);
        this.typeThenLiteral();
        prev = afterOperand;
        continue;
      } else if (t.text === '(' || t.text === '[') depth++;
      else if (t.text === ')' || t.text === ']') depth--;
      else if (depth === 0 && (t.text === 'map' || t.text === 'struct' || t.text === 'func' || t.text === 'interface')) {
        this.pushedBack = t;
        this.typeThenLiteral();
        prev = afterOperand;
        continue;
      }
      prev = t;
    }
  }

  /** A type (the element type after `[...]`, or a whole type literal), then its literal if `{` follows. */
  private typeThenLiteral(): void {
    this.type();
    const t = this.next();
    if (t.text === '{') this.block();
    else this.pushedBack = t;
  }

  private type(): void {
    const t = this.next();
    switch (t.text) {
      case '*':
        return this.type();
      case '[':
        this.skipGroup(t);
        return this.type();
      case '(':
        this.skipGroup(t);
        return;
      case 'map': {
        const open = this.next();
        if (open.text === '[') this.skipGroup(open);
        else this.pushedBack = open;
        return this.type();
      }
      case 'chan':
        return this.type();
      case '<': {
        // <-chan T
        const dash = this.next();
        if (dash.text !== '-') this.pushedBack = dash;
        return this.type();
      }
      case 'struct':
      case 'interface': {
        const open = this.next();
        if (open.text === '{') this.skipGroup(open);
        else this.pushedBack = open;
        return;
      }
      case 'func': {
        const params = this.next();
        if (params.text === '(') this.skipGroup(params);
        else this.pushedBack = params;
        // An optional result: a parenthesized list or a type on the same line.
        const r = this.next();
        this.pushedBack = r;
        if (!r.newline && (r.text === '(' || r.kind === 'ident' || r.text === '*' || r.text === '[' || r.text === '<')) {
          if (r.text === '(') {
            this.next();
            this.skipGroup(r);
          } else this.type();
        }
        return;
      }
      default:
        if (t.kind !== 'ident') {
          this.pushedBack = t;
          return;
        }
        // A name, maybe qualified, maybe with type arguments.
        for (let n = this.next(); ; n = this.next()) {
          if (n.text === '.') {
            const id = this.next();
            if (id.kind !== 'ident') this.pushedBack = id;
            continue;
          }
          if (n.text === '[') {
            this.skipGroup(n);
            continue;
          }
          this.pushedBack = n;
          return;
        }
    }
  }

  /** Skips past the bracket that closes `open` (braces inside are blocks: their loops count). */
  private skipGroup(open: Token): void {
    if (open.text === '{') {
      this.block();
      return;
    }
    for (let depth = 1; ; ) {
      const t = this.next();
      if (t.kind === 'eof') throw new Unclosed();
      if (t.text === '{') this.block();
      else if (t.text === '(' || t.text === '[') depth++;
      else if ((t.text === ')' || t.text === ']') && --depth === 0) return;
    }
  }

  private next(): Token {
    if (this.pushedBack) {
      const t = this.pushedBack;
      this.pushedBack = undefined;
      return t;
    }
    const s = this.s;
    let newline = false;
    for (;;) {
      const c = s.charCodeAt(this.pos);
      if (Number.isNaN(c)) return { kind: 'eof', text: '', start: s.length, end: s.length, newline: true };
      if (c === 10) {
        newline = true;
        this.pos++;
      } else if (c === 32 || c === 9 || c === 13) this.pos++;
      else if (c === 47 && (s.charCodeAt(this.pos + 1) === 47 || s.charCodeAt(this.pos + 1) === 42)) {
        // A line comment stops at its newline (read next); a block comment with one counts as one.
        const end = skipLiteral(s, this.pos);
        if (end < 0) throw new Unclosed();
        if (s.charCodeAt(this.pos + 1) === 42 && s.lastIndexOf('\n', end) > this.pos) newline = true;
        this.pos = end;
      } else break;
    }
    const start = this.pos;
    const c = s.charCodeAt(start);
    if (isIdentStart(c)) {
      let i = start + 1;
      while (i < s.length && isIdentPart(s.charCodeAt(i))) i++;
      this.pos = i;
      return { kind: 'ident', text: s.slice(start, i), start, end: i, newline };
    }
    if (isDigit(c) || (c === 46 && isDigit(s.charCodeAt(start + 1)))) {
      let i = start + 1;
      while (i < s.length && (isIdentPart(s.charCodeAt(i)) || s.charCodeAt(i) === 46)) i++;
      this.pos = i;
      return { kind: 'lit', text: '0', start, end: i, newline };
    }
    if (c === 34 || c === 39 || c === 96) {
      const end = skipLiteral(s, start);
      if (end < 0) throw new Unclosed();
      this.pos = end;
      return { kind: 'lit', text: '"', start, end, newline };
    }
    this.pos = start + 1;
    return { kind: 'punct', text: s[start]!, start, end: start + 1, newline };
  }
}

/** An identifier read from the latin1 view, back to its UTF-8 text. */
const utf8 = (latin1: string) => (/[^\x00-\x7f]/.test(latin1) ? Buffer.from(latin1, 'latin1').toString('utf8') : latin1);

/** Stand-ins for the token before: after a literal or conversion (it can be indexed), after a block. */
const afterOperand: Token = { kind: 'punct', text: ')', start: -1, end: -1, newline: false };
const afterBlock: Token = { kind: 'punct', text: '}', start: -1, end: -1, newline: false };

/** `func` starts a declaration when it is the first token of a top-level statement. */
function startsDeclaration(prev: Token | undefined, t: Token): boolean {
  if (!prev || prev.text === ';') return true;
  return t.newline && endsStatement(prev);
}

/** Go's semicolon rule: a line ending in one of these ends the statement. */
function endsStatement(t: Token): boolean {
  return t.kind === 'ident' || t.kind === 'lit' || t.text === ')' || t.text === ']' || t.text === '}';
}

/** A `[` here starts a type (`[]T`, `[N]T`), not an index: nothing before it that can be indexed. */
function operandPosition(prev: Token | undefined): boolean {
  if (!prev) return true;
  if (prev.kind === 'lit') return false;
  if (prev.kind === 'ident') return prev.text === 'range';
  return prev.text !== ')' && prev.text !== ']' && prev.text !== '}';
}
