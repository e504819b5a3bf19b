// pool-oversized: growable buffers of any size go back into a pool.
import type { Node } from 'web-tree-sitter';
import { enclosingFunction, type SyntaxFile } from '../source/syntax.js';
import { declarationOf } from '../types/local.js';
import { docsUrl, type Analyzer } from './analyzer.js';
import { eachFileOf, report } from './body.js';
import { appendsTo, getAssertion, pooledType, puts } from './pool-put.js';

const doc = `Reports a growable buffer (*bytes.Buffer, *strings.Builder, *[]byte) put back into a
sync.Pool without a check of its capacity.

A buffer grows to fit the largest thing ever written into it and keeps that capacity. Put back
into the pool, one large request's buffer is handed to later small ones and stays alive as
long as the pool keeps it: the pool's memory follows the largest request, not the typical one.

Fix: drop big buffers instead of pooling them: if b.Cap() > 64<<10 { return } before Put (the
standard library does this in fmt and encoding/json).

Not reported: pools of fixed-size objects (arrays, structs, and *[]byte scratch that is never
appended to), and Puts preceded in the same
function by a look at the capacity (Cap(), cap()).`;

const growable = new Set(['*bytes.Buffer', '*strings.Builder', '*[]byte']);

export const poolOversized: Analyzer = {
  id: 'pool-oversized',
  title: 'buffers of unbounded capacity put back into a sync.Pool',
  doc,
  url: docsUrl('pool-oversized'),
  severity: 'info',
  needs: 'bodies',
  run(pass) {
    for (const file of eachFileOf(pass)) {
      for (const { call, pool, value } of puts(pass, file)) {
        const pooled = pooledType(value)?.type ?? paramType(value) ?? throughHelper(file, value);
        if (!pooled || !growable.has(pooled)) continue;
        const fn = enclosingFunction(call);
        if (pooled === '*[]byte' && (!fn || !appendsTo(fn, value.text))) continue;
        const before = fn ? file.text.slice(fn.startIndex, call.startIndex) : '';
        if (/\.Cap\(\)|\bcap\(/.test(before)) continue;
        report(pass, file, call, {
          message: `${pool.text}.Put(${value.text}) returns a ${pooled} of whatever capacity it grew to: one large request pins a large buffer in the pool; drop buffers above a size cap before Put`,
        });
      }
    }
  },
};

/**
 * The type of a pooled value that went through a helper of this file taking and returning that
 * type: b := resetBuf(p.Get().(*bytes.Buffer)), with func resetBuf(b *bytes.Buffer) *bytes.Buffer.
 */
function throughHelper(file: SyntaxFile, ident: Node): string | undefined {
  if (ident.type !== 'identifier') return undefined;
  const v = declarationOf(ident)?.value;
  if (v?.type !== 'call_expression') return undefined;
  const args = v.childForFieldName('arguments')?.namedChildren ?? [];
  const t = args.length === 1 && args[0] ? getAssertion(args[0]) : undefined;
  const name = v.childForFieldName('function')?.text;
  const helper = file.all('function_declaration').find((f) => f.childForFieldName('name')?.text === name);
  return t && helper?.childForFieldName('result')?.text.replace(/\s+/g, '') === t ? t : undefined;
}

/** The type of a parameter, as written (func put(b *bytes.Buffer) { pool.Put(b) }). */
function paramType(ident: import('web-tree-sitter').Node): string | undefined {
  const fn = enclosingFunction(ident);
  for (const p of fn?.childForFieldName('parameters')?.namedChildren ?? []) {
    if (p?.childrenForFieldName('name').some((n) => n?.text === ident.text)) return p.childForFieldName('type')?.text.replace(/\s+/g, '');
  }
  return undefined;
}
