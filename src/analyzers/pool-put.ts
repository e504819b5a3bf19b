// What the pool analyzers share: finding Get and Put on sync.Pool variables and the type a
// pooled object was asserted to.
import type { Node } from 'web-tree-sitter';
import type { SyntaxFile } from '../source/syntax.js';
import { declarationOf } from '../types/local.js';
import type { Pass } from './analyzer.js';
import { isSyncPool } from './body.js';

export interface PoolCall {
  call: Node;
  pool: Node;
  /** The value passed to Put, or the variable a Get result is stored in. */
  value: Node;
}

/** Every `p.Put(x)` on a sync.Pool variable p. */
export function puts(pass: Pass, file: SyntaxFile): PoolCall[] {
  const out: PoolCall[] = [];
  for (const call of file.all('call_expression')) {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'selector_expression' || fn.childForFieldName('field')?.text !== 'Put') continue;
    const pool = fn.childForFieldName('operand');
    const value = call.childForFieldName('arguments')?.namedChildren[0];
    if (pool && value && isSyncPool(pass, file, pool)) out.push({ call, pool, value });
  }
  return out;
}

/**
 * The type a pooled variable was asserted to when taken from a pool (`b := p.Get().(*bytes.Buffer)`),
 * as written, with the declaration; undefined when it did not come from a Get.
 */
export function pooledType(ident: Node): { type: string; decl: Node } | undefined {
  if (ident.type !== 'identifier') return undefined;
  const d = declarationOf(ident);
  const t = d?.value && getAssertion(d.value);
  return t ? { type: t, decl: d.node } : undefined;
}

/** The type `p.Get().(T)` asserts, as written without spaces; undefined for any other expression. */
export function getAssertion(expr: Node): string | undefined {
  if (expr.type !== 'type_assertion_expression') return undefined;
  const operand = expr.childForFieldName('operand');
  if (operand?.type !== 'call_expression' || !/\.Get$/.test(operand.childForFieldName('function')?.text ?? '')) return undefined;
  return expr.childForFieldName('type')?.text.replace(/\s+/g, '') || undefined;
}

/**
 * A *[]byte grows only where something appends to it; one used as fixed scratch (read into,
 * written in place) keeps the size it was made with, and every use overwrites it.
 */
export function appendsTo(fn: Node, name: string): boolean {
  const n = name.replace(/[^\w]/g, '');
  // append((*p)[:0], ...) directly, or *p = b after growing a copy of the slice header.
  return new RegExp(`append\\(\\s*\\(?\\*${n}\\b`).test(fn.text) || new RegExp(`\\*${n}\\s*=[^=]`).test(fn.text);
}
