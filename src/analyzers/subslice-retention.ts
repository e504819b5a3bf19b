// subslice-retention: a small piece of a big buffer kept in a long-lived place.
import type { Node } from 'web-tree-sitter';
import { callee, enclosingFunction, type SyntaxFile } from '../source/syntax.js';
import { declarationOf } from '../types/local.js';
import { docsUrl, type Analyzer, type Pass } from './analyzer.js';
import { eachFileOf, packageVar, report } from './body.js';
import { valueOf } from './client-input.js';

const doc = `Reports a sub-slice or substring (x[i:j] of a string or []byte, a part returned by
strings.Cut, an element of strings.Split or strings.Fields) stored in a long-lived place: a
package-level variable or map, a field of a package-level variable, or a field (or map field)
of a mutex-guarded type, which lives as long as the program. A piece used as the key of a
new entry in such a map, held in a struct literal stored there, or appended to a slice kept
there is stored just the same.

A sub-slice shares the backing array of the whole: keeping 20 bytes of a 4 MiB request body
keeps the 4 MiB alive, for as long as the long-lived place holds them.

Fix: copy the piece before storing it: strings.Clone(s[i:j]), bytes.Clone(b[i:j]) or
string(b[i:j]) for bytes.

The wholes heapwise looks at are inputs: parameters, what a function read (io.ReadAll,
os.ReadFile, a bufio.Scanner's line), buffers it made for reading (make([]byte, 64<<10)) and
conversions of them. Pieces include regexp matches (re.FindString, FindStringSubmatch). Strings the code builds itself
(strings.ToUpper, fmt.Sprintf...) are sized by the code, and heapwise cannot judge them.

Not reported: copies (strings.Clone, bytes.Clone, string(...) of bytes), pieces stored in
short-lived places (locals, return values), slices that keep the whole (b[:len(b)], or b[:0]
kept for reuse), pieces
of a buffer the same function also keeps whole, and stores heapwise cannot place.`;

export const subsliceRetention: Analyzer = {
  id: 'subslice-retention',
  title: 'sub-slice of a large buffer kept in a long-lived place',
  doc,
  url: docsUrl('subslice-retention'),
  severity: 'info',
  needs: 'bodies',
  run(pass) {
    for (const file of eachFileOf(pass)) {
      for (const a of file.all('assignment_statement')) {
        const lefts = a.childForFieldName('left')?.namedChildren ?? [];
        const rights = a.childForFieldName('right')?.namedChildren ?? [];
        lefts.forEach((left, i) => {
          const right = rights.length === lefts.length ? rights[i] : undefined;
          if (!left) return;
          // x = x[n:] consumes a buffer that is already kept: nothing new stays alive.
          const stored = a.childForFieldName('operator')?.text === '=' && right && right.text !== left.text && !isSelfSlice(right, left.text) ? right : undefined;
          check(pass, file, a, left, stored);
        });
      }
      // m[k]++ adds the key k to the map.
      for (const inc of file.all('inc_statement')) {
        const left = inc.namedChildren[0];
        if (left) check(pass, file, inc, left, undefined);
      }
    }
  },
};

/** Reports the statement when it keeps a piece (the value, or the key of a map entry) in a long-lived place. */
function check(pass: Pass, file: SyntaxFile, stmt: Node, left: Node, value: Node | undefined): void {
  const key = left.type === 'index_expression' ? left.childForFieldName('index') : undefined;
  const pieces = { value: value && pieceOf(file, value), key: key && pieceOf(file, key) };
  // m[s[:i]] = s[i+1:] (old=new split in two): together the pieces are the whole.
  if (pieces.value && pieces.key && pieces.value.whole === pieces.key.whole) return;
  for (const [what, expr] of [['value', value], ['key', key]] as const) {
    const piece = pieces[what];
    if (!expr || !piece || wholeKept(stmt, piece.whole)) continue;
    const place = longLived(pass, file, left);
    if (!place) return;
    const clone = piece.kind === 'bytes' ? 'bytes.Clone' : 'strings.Clone';
    report(pass, file, stmt, {
      message: `${piece.text ?? expr.text} is kept in ${place}${what === 'key' ? ' as a map key' : ''}, which lives as long as the program: the whole of ${piece.whole} stays alive with it; store a copy (${clone})`,
    });
    return;
  }
}

type Kind = 'string' | 'bytes';

/** A piece of an input buffer: what it is cut from (as written) and whether it is a string or bytes. */
interface Piece {
  whole: string;
  kind: Kind;
  /** The piece as written, when it sits inside the stored value (a field of a literal, an appended element). */
  text?: string;
}

/** Functions whose results are pieces of their first argument, sharing its memory. */
const cutting = /^(strings|bytes)\.(Cut|CutPrefix|CutSuffix)$/;
const splitting = /^(strings|bytes)\.(Split|SplitN|SplitAfter|SplitAfterN|Fields|FieldsFunc)$|\.(FindStringSubmatch|FindAllString|FindSubmatch|FindAll)$/;
/** A regexp match returned as a substring of the input. */
const matching = /\.FindString$/;
/** Functions whose result is their first argument trimmed: the same buffer, still whole for our purpose. */
const trimming = /^(strings|bytes)\.(Trim|TrimSpace|TrimPrefix|TrimSuffix|TrimLeft|TrimRight|TrimFunc|TrimLeftFunc|TrimRightFunc)$/;

/**
 * The expression is a piece of an input buffer: `b[i:j]`, a part from strings.Cut, an element
 * of strings.Split, or a local that only ever holds such pieces (v := body[i:]; v = v[:j]).
 */
function pieceOf(file: SyntaxFile, expr: Node, depth = 0): Piece | undefined {
  if (depth > 8) return undefined;
  switch (expr.type) {
    case 'parenthesized_expression':
      return expr.namedChildren[0] ? pieceOf(file, expr.namedChildren[0], depth + 1) : undefined;
    case 'slice_expression': {
      const operand = expr.childForFieldName('operand');
      const kind = operand && !keepsWhole(expr, operand.text) ? bufferKind(file, operand) : undefined;
      return operand && kind ? { whole: operand.text, kind } : undefined;
    }
    case 'index_expression': {
      // strings.Fields(line)[2], or parts[0] of parts := strings.Split(s, ",").
      const operand = expr.childForFieldName('operand');
      const split = operand?.type === 'identifier' ? valueOf(operand) : operand;
      return split ? cutFrom(file, split, splitting, 0) : undefined;
    }
    case 'identifier':
      return localPiece(file, expr, depth);
    case 'unary_expression':
      return expr.childForFieldName('operator')?.text === '&' && expr.childForFieldName('operand') ? pieceOf(file, expr.childForFieldName('operand')!, depth + 1) : undefined;
    case 'composite_literal':
      // &Entry{Host: raw[i:j]}: the literal, stored, holds the piece.
      return inside(file, (expr.childForFieldName('body')?.namedChildren ?? []).map((e) => (e?.type === 'keyed_element' ? e.namedChildren[1] : e)?.namedChildren[0]), depth);
    case 'call_expression':
      // re.FindString(line): a substring of line.
      if (matching.test(callee(file, expr) ?? '')) return cutFrom(file, expr, matching, 0);
      // x.names = append(x.names, line[:i]): the element is stored. A spread (b...) copies bytes.
      if (expr.childForFieldName('function')?.text !== 'append') return undefined;
      return inside(file, (expr.childForFieldName('arguments')?.namedChildren ?? []).slice(1), depth);
  }
  return undefined;
}

/** The first piece among the parts of a stored value, named by its own text. */
function inside(file: SyntaxFile, parts: (Node | null | undefined)[], depth: number): Piece | undefined {
  for (const part of parts) {
    const piece = part && part.type !== 'variadic_argument' ? pieceOf(file, part, depth + 1) : undefined;
    if (piece) return { ...piece, text: piece.text ?? part!.text };
  }
  return undefined;
}

/** A local whose declaration and every later assignment in the function are pieces. */
function localPiece(file: SyntaxFile, ident: Node, depth: number): Piece | undefined {
  const d = declarationOf(ident);
  if (!d || d.node.type === 'parameter_declaration') return undefined;
  if (d.node.type === 'range_clause') return rangedPiece(file, d.node, ident);
  let piece: Piece | undefined;
  if (d.value) piece = pieceOf(file, d.value, depth + 1);
  else {
    // before, after, found := strings.Cut(s, sep): the first two are pieces of s.
    const call = valueOf(ident);
    const position = d.node.childForFieldName('left')?.namedChildren.findIndex((n) => n?.text === ident.text) ?? -1;
    if (call && position >= 0) piece = cutFrom(file, call, cutting, position);
  }
  if (!piece) return undefined;
  const fn = enclosingFunction(ident);
  const reassigned = (fn?.descendantsOfType('assignment_statement') ?? []).filter((a) => a !== null && a.childForFieldName('left')?.namedChildren.some((l) => l?.text === ident.text));
  const allPieces = reassigned.every((a) => {
    const right = a!.childForFieldName('right')?.namedChildren;
    return right?.length === 1 && right[0] && (isSelfSlice(right[0], ident.text) || pieceOf(file, right[0], depth + 1));
  });
  return allPieces ? piece : undefined;
}

/** `line` of `for _, line := range strings.Split(body, "\n")`: each element a piece of body. */
function rangedPiece(file: SyntaxFile, clause: Node, ident: Node): Piece | undefined {
  const left = clause.childForFieldName('left')?.namedChildren ?? [];
  if (left.length !== 2 || left[1]?.text !== ident.text) return undefined;
  const over = clause.childForFieldName('right');
  const split = over?.type === 'identifier' ? valueOf(over) : over;
  return split ? cutFrom(file, split, splitting, 0) : undefined;
}

/** The result at `position` of a call to a cutting or splitting function, on an input buffer. */
function cutFrom(file: SyntaxFile, call: Node, fns: RegExp, position: number): Piece | undefined {
  if (call.type !== 'call_expression') return undefined;
  const name = callee(file, call) ?? '';
  // Cut gives before and after; CutPrefix and CutSuffix one piece; an element of Split any.
  if (!fns.test(name) || position > (/Prefix|Suffix/.test(name) ? 0 : 1)) return undefined;
  const arg = call.childForFieldName('arguments')?.namedChildren[0];
  const kind = arg ? bufferKind(file, arg) : undefined;
  return arg && kind ? { whole: arg.text, kind } : undefined;
}

/**
 * String or []byte, when the value is an input of the function: a parameter or a local of that
 * declared type, what io.ReadAll, os.ReadFile or a bufio reader returned, a conversion, or a
 * trimmed or sliced one of those. undefined otherwise (a string the code builds itself).
 */
function bufferKind(file: SyntaxFile, expr: Node, depth = 0): Kind | undefined {
  if (depth > 8) return undefined;
  switch (expr.type) {
    case 'parenthesized_expression':
      return expr.namedChildren[0] ? bufferKind(file, expr.namedChildren[0], depth + 1) : undefined;
    case 'slice_expression': {
      const operand = expr.childForFieldName('operand');
      return operand ? bufferKind(file, operand, depth + 1) : undefined;
    }
    case 'type_conversion_expression':
      return kindOfType(expr.childForFieldName('type')?.text);
    case 'call_expression':
      return readKind(file, expr, depth);
    case 'identifier': {
      const d = declarationOf(expr);
      if (!d) return undefined;
      if (d.type) return kindOfType(d.type.text);
      if (d.node.type === 'range_clause') return undefined;
      const v = valueOf(expr);
      if (!v) return undefined;
      // line, rest, ok := strings.Cut(text, "\n"): pieces of text, of its kind.
      if (!d.value && v.type === 'call_expression' && cutting.test(callee(file, v) ?? '')) {
        const arg = v.childForFieldName('arguments')?.namedChildren[0];
        return arg ? bufferKind(file, arg, depth + 1) : undefined;
      }
      return bufferKind(file, v, depth + 1);
    }
  }
  return undefined;
}

/** The kind of what a call returns, for the calls that read input or pass a buffer on. */
function readKind(file: SyntaxFile, call: Node, depth: number): Kind | undefined {
  const fn = call.childForFieldName('function');
  const arg = call.childForFieldName('arguments')?.namedChildren[0];
  // string(b) parses as a call.
  if (fn?.type === 'identifier' && fn.text === 'string') return 'string';
  if (fn?.type === 'identifier' && fn.text === 'make') return madeBuffer(call);
  const name = callee(file, call) ?? '';
  if (/^(io|io\/ioutil)\.ReadAll$|^(os|io\/ioutil)\.ReadFile$/.test(name)) return 'bytes';
  if (trimming.test(name) || cutting.test(name)) return arg ? bufferKind(file, arg, depth + 1) : undefined;
  // sc.Text() of a bufio.Scanner, rd.ReadString('\n') / rd.ReadBytes('\n') of a bufio.Reader.
  const method = fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text : undefined;
  const recv = fn?.childForFieldName('operand');
  const made = recv?.type === 'identifier' ? valueOf(recv) : undefined;
  const maker = made?.type === 'call_expression' ? callee(file, made) : undefined;
  if (maker === 'bufio.NewScanner' && method === 'Text') return 'string';
  if ((maker === 'bufio.NewReader' || maker === 'bufio.NewReaderSize') && (method === 'ReadString' || method === 'ReadBytes')) return method === 'ReadString' ? 'string' : 'bytes';
  return undefined;
}

/**
 * make([]byte, 64<<10): a buffer that reads fill. One whose sizes are all small literals
 * (make([]byte, 8)) keeps nothing worth a copy.
 */
function madeBuffer(call: Node): Kind | undefined {
  const [type, ...sizes] = call.childForFieldName('arguments')?.namedChildren ?? [];
  if (kindOfType(type?.text) !== 'bytes') return undefined;
  const small = sizes.every((n) => n?.type === 'int_literal' && Number(n.text) < smallBuffer);
  return small ? undefined : 'bytes';
}

/** Below this many bytes a whole kept alive by a piece is not worth reporting. */
const smallBuffer = 256;

function kindOfType(text: string | undefined): Kind | undefined {
  const t = text?.replace(/\s+/g, '');
  return t === 'string' ? 'string' : t === '[]byte' ? 'bytes' : undefined;
}

/**
 * `b[:]`, `b[0:]`, `b[:len(b)]`, `b[:len(b):len(b)]`: the whole, not a piece of it; and `b[:0]`,
 * a buffer emptied to be reused, whole capacity and all, on purpose.
 */
function keepsWhole(slice: Node, operand: string): boolean {
  const start = slice.childForFieldName('start')?.text;
  const end = slice.childForFieldName('end')?.text;
  return (start === undefined || start === '0') && (end === undefined || end === `len(${operand})` || end === '0');
}

/** `x[n:]` re-sliced into x itself. */
function isSelfSlice(expr: Node, name: string): boolean {
  return expr.type === 'slice_expression' && expr.childForFieldName('operand')?.text === name;
}

/** The whole buffer is itself kept by the same function (d.raw = raw): the piece adds nothing. */
function wholeKept(stmt: Node, buffer: string): boolean {
  const fn = enclosingFunction(stmt);
  return (fn?.descendantsOfType('assignment_statement') ?? []).some((x) => x !== null && x.childForFieldName('right')?.text === buffer && x.childForFieldName('left')?.namedChildren[0]?.type === 'selector_expression');
}

/** A description of the long-lived place `left` stores into, or undefined. */
function longLived(pass: Pass, file: SyntaxFile, left: Node): string | undefined {
  const base = left.type === 'index_expression' ? left.childForFieldName('operand') : left;
  if (!base) return undefined;
  if (base.type === 'identifier') return isPackageVar(pass, file, base) ? `package-level ${base.text}` : undefined;
  if (base.type !== 'selector_expression') return undefined;
  const operand = base.childForFieldName('operand');
  const field = base.childForFieldName('field')?.text;
  // cfg.Name of a package-level cfg: as long-lived as the variable.
  if (operand?.type === 'identifier' && isPackageVar(pass, file, operand)) return `package-level ${base.text}`;
  const fn = enclosingFunction(left);
  const recv = fn?.type === 'method_declaration' ? fn.childForFieldName('receiver')?.namedChildren.find((p) => p?.type === 'parameter_declaration') : undefined;
  const recvName = recv?.childrenForFieldName('name')[0]?.text;
  const recvType = recv?.childForFieldName('type')?.text.replace(/^\*/, '');
  if (!recvName || operand?.text !== recvName || !recvType) return undefined;
  // A type guarded by a mutex is shared between goroutines: it outlives a call.
  const decl = file.all('type_spec').find((s) => s.childForFieldName('name')?.text === recvType);
  if (!decl || !/\bsync\.(RW)?Mutex\b/.test(decl.text)) return undefined;
  return `${recvType}.${field}`;
}

/** The name refers to a package-level variable, not a local of the same name. */
function isPackageVar(pass: Pass, file: SyntaxFile, ident: Node): boolean {
  const local = declarationOf(ident);
  if (local && enclosingFunction(local.node)) return false;
  return packageVar(pass, file, ident.text) !== undefined;
}
