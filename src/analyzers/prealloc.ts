// What prealloc-slice and prealloc-map share: a loop whose trip count is known before it
// starts, a collection declared empty just before it, and one unconditional insert per
// iteration.
import type { Node } from 'web-tree-sitter';
import type { SyntaxFile } from '../source/syntax.js';
import { declarationOf } from '../types/local.js';

export interface TripCount {
  /** The expression giving the number of iterations, e.g. `len(items)` or `n`. */
  expr: string;
  /** What the loop goes over, for the message. */
  over: string;
}

/**
 * The trip count of a loop when it is known before the loop starts: a range over a slice,
 * array or map variable (len), over an integer, or `for i := 0; i < n; i++`. A range over
 * something of unknown type (it could be a channel) or a string (runes, not bytes) is not.
 */
export function knownTripCount(loop: Node): TripCount | undefined {
  const range = loop.namedChildren.find((c) => c?.type === 'range_clause');
  if (range) {
    const over = range.childForFieldName('right');
    if (!over) return undefined;
    if (/^\d+$/.test(over.text)) return { expr: over.text, over: over.text };
    if (over.type !== 'identifier' && over.type !== 'selector_expression') return undefined;
    if (over.type === 'identifier') {
      const d = declarationOf(over);
      // for i := range n (Go 1.22): n iterations.
      if (d?.type?.type === 'type_identifier' && /^u?int(8|16|32|64)?$/.test(d.type.text)) return { expr: over.text, over: over.text };
      const t = d?.type?.type ?? (d?.value?.type === 'composite_literal' ? d.value.childForFieldName('type')?.type : undefined);
      if (t !== 'slice_type' && t !== 'array_type' && t !== 'map_type') return undefined;
    } else {
      return undefined; // a field: its type is not known here
    }
    return { expr: `len(${over.text})`, over: over.text };
  }
  const clause = loop.namedChildren.find((c) => c?.type === 'for_clause');
  if (!clause) return undefined;
  // for i := len(xs) - 1; i >= 0; i--: len(xs) iterations, counting down.
  const down = /^(\w+)\s*:=\s*len\(([\w.]+)\)\s*-\s*1$/.exec(clause.childForFieldName('initializer')?.text ?? '');
  if (down && (clause.childForFieldName('condition')?.text ?? '').replace(/\s+/g, '') === `${down[1]}>=0` && clause.childForFieldName('update')?.text === `${down[1]}--`) {
    return { expr: `len(${down[2]})`, over: `${down[1]} := len(${down[2]}) - 1 down to 0` };
  }
  const init = /^(\w+)\s*:=\s*0$/.exec(clause.childForFieldName('initializer')?.text ?? '');
  const cond = /^(\w+)\s*<\s*([\w.()]+)$/.exec(clause.childForFieldName('condition')?.text ?? '');
  const update = clause.childForFieldName('update')?.text ?? '';
  if (!init || !cond || init[1] !== cond[1] || update !== `${init[1]}++`) return undefined;
  return { expr: cond[2]!, over: `${init[1]} < ${cond[2]}` };
}

/**
 * The statement runs exactly once per iteration of `loop`: no if, switch, select or inner loop
 * around it, and no continue, break, return or goto of this loop before it (an early
 * `continue` filters just like an if around the statement). A return that leaves
 * `collection` behind (return nil, err) only abandons it: every run that keeps the collection
 * inserts once per iteration.
 */
export function unconditionalIn(stmt: Node, loop: Node, collection?: string): boolean {
  const body = loop.childForFieldName('body');
  if (!body) return false;
  let direct = false;
  for (let p = stmt.parent; p; p = p.parent) {
    if (p.startIndex === body.startIndex && p.endIndex === body.endIndex) {
      direct = true;
      break;
    }
    if (p.type === 'block' || p.type === 'statement_list') continue;
    return false;
  }
  if (!direct) return false;
  for (const j of body.descendantsOfType(['continue_statement', 'break_statement', 'return_statement', 'goto_statement'])) {
    if (!j || j.startIndex > stmt.startIndex) continue;
    // Jumps inside an inner loop or a func literal belong to those.
    let owner: Node | null = j.parent;
    while (owner && owner.type !== 'for_statement' && owner.type !== 'func_literal') owner = owner.parent;
    if (j.type === 'return_statement' && collection && !mentions(j, collection)) continue;
    if (owner?.startIndex === loop.startIndex || j.type === 'return_statement' || j.type === 'goto_statement') return false;
  }
  return true;
}

/**
 * The declaration of `name` as a statement directly before `loop` in the same block, when
 * nothing between them mentions the name (so the collection is still empty at the loop).
 */
export function declaredJustBefore(file: SyntaxFile, ident: Node, loop: Node): Node | undefined {
  const d = declarationOf(ident);
  if (!d || d.node.type === 'parameter_declaration' || d.node.type === 'range_clause') return undefined;
  const stmt = d.node.type === 'var_spec' ? d.node.parent : d.node;
  if (!stmt || stmt.parent?.startIndex !== loop.parent?.startIndex || stmt.endIndex > loop.startIndex) return undefined;
  const between = file.text.slice(stmt.endIndex, loop.startIndex);
  if (new RegExp(`\\b${ident.text}\\b`).test(between)) return undefined;
  return d.node;
}

function mentions(n: Node, name: string): boolean {
  return n.descendantsOfType('identifier').some((id) => id?.text === name);
}
