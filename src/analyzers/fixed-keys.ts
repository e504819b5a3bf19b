// Keys from a fixed set the code spells out: a map keyed by them cannot outgrow the set, so
// unbounded-cache leaves it alone. Read off the syntax only: a constant, a local assigned only
// constants, a switch on the key with constant cases.
import type { Node } from 'web-tree-sitter';
import { enclosingFunction } from '../source/syntax.js';
import { declarationOf } from '../types/local.js';

/**
 * The key comes from a fixed set the code spells out, so the map cannot outgrow it: a string
 * constant, a local assigned only string constants (a bucket name picked by a switch), or a
 * key a switch has checked against constant cases (the insert sits in a case, or follows a
 * switch whose default returns).
 */
export function fromFixedSet(stmt: Node, left: Node): boolean {
  const key = left.childForFieldName('index');
  if (!key) return false;
  if (isStringConstant(key)) return true;
  if (key.type === 'identifier' && onlyConstantsAssigned(key)) return true;
  return switchedOver(stmt, key.text);
}

function isStringConstant(n: Node): boolean {
  return n.type === 'interpreted_string_literal' || n.type === 'raw_string_literal';
}

/** A local (not a parameter) whose declaration and assignments all give it string constants. */
function onlyConstantsAssigned(ident: Node): boolean {
  const d = declarationOf(ident);
  const fn = enclosingFunction(ident);
  if (!d || !fn || (d.node.type !== 'var_spec' && d.node.type !== 'short_var_declaration')) return false;
  if (d.node.type === 'short_var_declaration' && !d.value) return false;
  const values = [d.value, ...fn.descendantsOfType('assignment_statement').filter((a) => a !== null && a.childForFieldName('left')?.namedChildren.some((l) => l?.text === ident.text)).map((a) => a!.childForFieldName('right')?.namedChildren[0])];
  return values.some((v) => v) && values.every((v) => v === undefined || v === null || isStringConstant(v));
}

/** A switch on the key (same expression) with constant cases guards the insert. */
function switchedOver(stmt: Node, key: string): boolean {
  const fn = enclosingFunction(stmt);
  for (const sw of fn?.descendantsOfType('expression_switch_statement') ?? []) {
    if (!sw || sw.childForFieldName('value')?.text !== key || enclosingFunction(sw)?.startIndex !== fn?.startIndex) continue;
    const inside = sw.startIndex <= stmt.startIndex && stmt.endIndex <= sw.endIndex;
    if (inside) {
      // In a case clause listing constants (not the default).
      for (let p = stmt.parent; p && p.startIndex !== sw.startIndex; p = p.parent) if (p.type === 'expression_case') return p.childForFieldName('value')?.namedChildren.every((v) => v !== null && isConstantCase(v)) ?? false;
      continue;
    }
    if (sw.endIndex <= stmt.startIndex && defaultLeaves(sw)) return true;
  }
  return false;
}

/** A case value that is a constant: a literal or a name (http.MethodGet, a package constant). */
function isConstantCase(v: Node): boolean {
  return isStringConstant(v) || v.type === 'identifier' || (v.type === 'selector_expression' && v.childForFieldName('operand')?.type === 'identifier');
}

/** The switch's default case ends the function or the iteration (return, panic, continue), and every other case lists constants. */
function defaultLeaves(sw: Node): boolean {
  const cases = sw.namedChildren.filter((c) => c?.type === 'expression_case');
  if (!cases.every((c) => c!.childForFieldName('value')?.namedChildren.every((v) => v !== null && isConstantCase(v)))) return false;
  const def = sw.namedChildren.find((c) => c?.type === 'default_case');
  const stmts = def?.namedChildren.find((c) => c?.type === 'statement_list')?.namedChildren ?? [];
  const last = stmts[stmts.length - 1];
  return last?.type === 'return_statement' || last?.type === 'continue_statement' || (last?.type === 'expression_statement' && /^panic\(/.test(last.text));
}
