// subslice-retention: a small piece of a big buffer kept in a long-lived place.
import type { Node } from 'web-tree-sitter';
import { enclosingFunction, type SyntaxFile } from '../source/syntax.js';
import { declarationOf } from '../types/local.js';
import { docsUrl, type Analyzer, type Pass } from './analyzer.js';
import { eachFileOf, packageVar, report } from './body.js';

const doc = `Reports a sub-slice or substring (x[i:j] of a string or []byte) stored in a long-lived
place: a package-level variable or map, or a field (or map field) of a mutex-guarded type,
which lives as long as the program.

A sub-slice shares the backing array of the whole: keeping 20 bytes of a 4 MiB request body
keeps the 4 MiB alive, for as long as the long-lived place holds them.

Fix: copy the piece before storing it: strings.Clone(s[i:j]), bytes.Clone(b[i:j]) or
string(b[i:j]) for bytes.

Not reported: copies (strings.Clone, bytes.Clone, string(...) of bytes), pieces stored in
short-lived places (locals, return values), and stores heapwise cannot place.`;

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
        if (a.childForFieldName('operator')?.text !== '=') continue;
        const left = a.childForFieldName('left')?.namedChildren[0];
        const right = a.childForFieldName('right')?.namedChildren[0];
        if (!left || right?.type !== 'slice_expression') continue;
        const operand = right.childForFieldName('operand');
        if (operand?.type !== 'identifier' || !isBuffer(operand) || wholeKept(a, operand.text)) continue;
        // x = x[n:] consumes a buffer that is already kept: nothing new stays alive.
        if (operand.text === left.text) continue;
        const place = longLived(pass, file, left);
        if (!place) continue;
        report(pass, file, a, {
          message: `${right.text} is kept in ${place}, which lives as long as the program: the whole of ${operand.text} stays alive with it; store a copy (${isBytes(operand) ? 'bytes.Clone' : 'strings.Clone'})`,
        });
      }
    }
  },
};

function isBuffer(ident: Node): boolean {
  return isBytes(ident) || kindOf(ident) === 'string';
}

function isBytes(ident: Node): boolean {
  return kindOf(ident) === 'bytes';
}

/** string or []byte, from the declared type or an untyped declaration's value (doc := string(body)). */
function kindOf(ident: Node): 'string' | 'bytes' | undefined {
  const d = declarationOf(ident);
  const t = d?.type?.text.replace(/\s+/g, '');
  if (t === 'string') return 'string';
  if (t === '[]byte') return 'bytes';
  const v = d?.value;
  if (!v) return undefined;
  const fn = v.type === 'call_expression' ? v.childForFieldName('function')?.text.replace(/\s+/g, '') : v.type === 'type_conversion_expression' ? v.childForFieldName('type')?.text.replace(/\s+/g, '') : undefined;
  if (fn === 'string' || v.type === 'interpreted_string_literal' || v.type === 'raw_string_literal') return 'string';
  if (fn === '[]byte') return 'bytes';
  return undefined;
}

/** The whole buffer is itself kept by the same function (d.raw = raw): the piece adds nothing. */
function wholeKept(a: Node, buffer: string): boolean {
  const fn = enclosingFunction(a);
  return (fn?.descendantsOfType('assignment_statement') ?? []).some((x) => x !== null && x.childForFieldName('right')?.text === buffer && x.childForFieldName('left')?.namedChildren[0]?.type === 'selector_expression');
}

/** A description of the long-lived place `left` stores into, or undefined. */
function longLived(pass: Pass, file: SyntaxFile, left: Node): string | undefined {
  const base = left.type === 'index_expression' ? left.childForFieldName('operand') : left;
  if (!base) return undefined;
  if (base.type === 'identifier') {
    const local = declarationOf(base);
    const global = local && enclosingFunction(local.node) ? undefined : packageVar(pass, file, base.text);
    return global ? `package-level ${base.text}` : undefined;
  }
  if (base.type !== 'selector_expression') return undefined;
  const fn = enclosingFunction(left);
  const recv = fn?.type === 'method_declaration' ? fn.childForFieldName('receiver')?.namedChildren.find((p) => p?.type === 'parameter_declaration') : undefined;
  const recvName = recv?.childrenForFieldName('name')[0]?.text;
  const recvType = recv?.childForFieldName('type')?.text.replace(/^\*/, '');
  if (!recvName || base.childForFieldName('operand')?.text !== recvName || !recvType) return undefined;
  // A type guarded by a mutex is shared between goroutines: it outlives a call.
  const decl = file.all('type_spec').find((s) => s.childForFieldName('name')?.text === recvType);
  if (!decl || !/\bsync\.(RW)?Mutex\b/.test(decl.text)) return undefined;
  return `${recvType}.${base.childForFieldName('field')?.text}`;
}
