// Whole-file syntax trees for analyzers that read function bodies: parsed on first use, once
// per file per run, shared by every analyzer, freed when the run ends. Helpers here answer
// the questions those analyzers keep asking: which loop is this in, what does this call call,
// which package does this name refer to.
import type { Node, Parser, Tree } from 'web-tree-sitter';
import { firstProblem } from './extract.js';
import type { SyntaxProblem } from './model.js';
import { PositionMap, type GoPosition } from './positions.js';
import { readSource } from './read.js';

export interface SyntaxFile {
  path: string;
  text: string;
  root: Node;
  /** Import name in this file -> import path (`_` and `.` imports left out). */
  imports: Map<string, string>;
  pos(node: Node): GoPosition;
  end(node: Node): GoPosition;
  /** Every node of a type in the file, found once and shared by all analyzers. */
  all(type: string): Node[];
  /** Names declared inside a function (parameters, variables, range variables), found once per function. */
  localNames(fn: Node): Set<string>;
  /** The first syntax error, if the file has one. */
  problem?: SyntaxProblem;
}

/** Node types analyzers look for; the first request for any of them indexes them all. */
const indexedTypes = new Set([
  'call_expression',
  'function_declaration',
  'method_declaration',
  'assignment_statement',
  'type_spec',
  'var_spec',
  'type_conversion_expression',
  'send_statement',
  'range_clause',
  'import_declaration',
  'defer_statement',
  'short_var_declaration',
  'for_statement',
  'inc_statement',
]);

export class SyntaxCache {
  private readonly trees = new Map<string, { tree: Tree; file: SyntaxFile }>();

  constructor(private readonly parser: Parser) {}

  get(path: string): SyntaxFile | undefined {
    const known = this.trees.get(path);
    if (known) return known.file;
    const text = readSource(path);
    const tree = this.parser.parse(text);
    if (!tree) return undefined;
    const positions = new PositionMap(text);
    const root = tree.rootNode;
    const byType = new Map<string, Node[]>();
    const locals = new Map<number, Set<string>>();
    const file: SyntaxFile = {
      path,
      text,
      root,
      imports: importsOf(root),
      pos: (n) => positions.pos(n.startIndex),
      end: (n) => positions.pos(n.endIndex),
      all: (type) => {
        if (!byType.has(type)) {
          // One walk of the tree (inside the grammar's wasm) for every type analyzers ask for:
          // asking type by type walked it again for each.
          const wanted = indexedTypes.has(type) ? [...indexedTypes] : [type];
          for (const t of wanted) if (!byType.has(t)) byType.set(t, []);
          for (const n of root.descendantsOfType(wanted)) if (n) byType.get(n.type)?.push(n);
        }
        return byType.get(type)!;
      },
      localNames: (fn) => {
        let names = locals.get(fn.startIndex);
        if (!names) {
          names = declaredNames(fn);
          locals.set(fn.startIndex, names);
        }
        return names;
      },
    };
    if (root.hasError) file.problem = firstProblem(root, (i) => positions.pos(i));
    this.trees.set(path, { tree, file });
    return file;
  }

  /** Frees every tree (the wasm heap does not collect them). */
  close(): void {
    for (const { tree } of this.trees.values()) tree.delete();
    this.trees.clear();
  }
}

/** The length of an array-typed variable or parameter declared with a literal length (`[2]string`). */
function declaredArrayLength(ident: Node): number | undefined {
  for (let f = enclosingFunction(ident); f; f = enclosingFunction(f)) {
    for (const d of f.descendantsOfType(['parameter_declaration', 'var_spec'])) {
      if (!d || !d.childrenForFieldName('name').some((n) => n?.text === ident.text)) continue;
      const t = d.childForFieldName('type');
      const len = t?.type === 'array_type' ? t.childForFieldName('length') : undefined;
      return len?.type === 'int_literal' ? Number(len.text) : undefined;
    }
  }
  return undefined;
}

/**
 * The length of a slice variable declared in the function from a literal with its elements
 * written out (probes := []probe{{...}, {...}}, or var probes = ...), when nothing in the function appends to it:
 * reslicing only shortens it.
 */
function literalSliceLength(ident: Node): number | undefined {
  const fn = enclosingFunction(ident);
  if (!fn) return undefined;
  for (const d of fn.descendantsOfType(['short_var_declaration', 'var_spec'])) {
    if (!d || d.startIndex > ident.startIndex) continue;
    const short = d.type === 'short_var_declaration';
    const left = short ? (d.childForFieldName('left')?.namedChildren ?? []) : d.childrenForFieldName('name');
    const i = left.findIndex((n) => n?.text === ident.text);
    const value = i >= 0 ? d.childForFieldName(short ? 'right' : 'value')?.namedChildren[i] : undefined;
    if (value?.type !== 'composite_literal' || value.childForFieldName('type')?.type !== 'slice_type') continue;
    const appended = fn.descendantsOfType('call_expression').some((c) => c?.childForFieldName('function')?.text === 'append' && c.childForFieldName('arguments')?.namedChildren[0]?.text === ident.text);
    if (appended) return undefined;
    return value.childForFieldName('body')?.namedChildren.filter((c) => c !== null && c.type !== 'comment').length;
  }
  return undefined;
}

function importsOf(root: Node): Map<string, string> {
  const out = new Map<string, string>();
  for (const spec of root.descendantsOfType('import_spec')) {
    if (!spec) continue;
    const path = spec.childForFieldName('path')?.text.slice(1, -1);
    if (!path) continue;
    const name = spec.childForFieldName('name')?.text ?? path.slice(path.lastIndexOf('/') + 1);
    if (name === '_' || name === '.') continue;
    out.set(name, path);
  }
  return out;
}

/** The loops a node sits in, innermost first, stopping at the enclosing function (or func literal). */
export function enclosingLoops(node: Node): Node[] {
  const loops: Node[] = [];
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'func_literal' || p.type === 'function_declaration' || p.type === 'method_declaration') break;
    if (p.type === 'for_statement') loops.push(p);
  }
  return loops;
}

/** The function declaration or literal a node is in. */
export function enclosingFunction(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'func_literal' || p.type === 'function_declaration' || p.type === 'method_declaration') return p;
  }
  return undefined;
}

/**
 * What a call calls, as `importpath.Name` for package functions (`time.After` even when
 * `time` is imported under another name), or the text of the callee otherwise (`b.Grow`).
 */
export function callee(file: SyntaxFile, call: Node): string | undefined {
  // Every analyzer asks this of every call; the answer is kept per file and node.
  let known = callees.get(file);
  if (!known) callees.set(file, (known = new Map()));
  if (known.has(call.id)) return known.get(call.id);
  const name = calleeOf(file, call);
  known.set(call.id, name);
  return name;
}

const callees = new WeakMap<SyntaxFile, Map<number, string | undefined>>();

function calleeOf(file: SyntaxFile, call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'selector_expression') {
    const operand = fn.childForFieldName('operand');
    const field = fn.childForFieldName('field');
    if (operand?.type === 'identifier' && field) {
      const path = file.imports.get(operand.text);
      if (path && !isShadowed(file, operand)) return `${path}.${field.text}`;
    }
  }
  return fn.text;
}

/**
 * Whether an identifier that looks like a package name is declared locally (a parameter or
 * variable named like the package). Only the enclosing functions are searched: a package-level
 * declaration of the same name as an import is a compile error.
 */
function isShadowed(file: SyntaxFile, ident: Node): boolean {
  for (let f = enclosingFunction(ident); f; f = enclosingFunction(f)) {
    if (file.localNames(f).has(ident.text)) return true;
  }
  return false;
}

function declaredNames(fn: Node): Set<string> {
  const names = new Set<string>();
  for (const d of fn.descendantsOfType(['parameter_declaration', 'short_var_declaration', 'var_spec', 'range_clause', 'const_spec'])) {
    if (!d) continue;
    const list = d.type === 'short_var_declaration' || d.type === 'range_clause' ? d.childForFieldName('left')?.namedChildren : d.childrenForFieldName('name');
    for (const n of list ?? []) if (n) names.add(n.text);
  }
  return names;
}

/**
 * A small constant trip count, when the loop's header makes one plain: `for i := 0; i < 4; i++`,
 * `for range 4`, a named constant (`constant` evaluates it), or a range over a literal with a
 * few elements. Waste that multiplies by a handful of iterations is not worth a finding.
 */
export function smallConstantTripCount(loop: Node, constant: (name: string) => number | undefined = () => undefined, limit = 16): boolean {
  const value = (text: string) => (/^\d+$/.test(text) ? Number(text) : /^[A-Za-z_]\w*$/.test(text) ? constant(text) : undefined);
  const clause = loop.namedChildren.find((c) => c?.type === 'for_clause');
  if (clause) {
    const init = clause.childForFieldName('initializer')?.text ?? '';
    const cond = clause.childForFieldName('condition')?.text ?? '';
    const update = clause.childForFieldName('update')?.text ?? '';
    const start = /^(\w+)\s*:=\s*(\w+)$/.exec(init);
    const bound = /^(\w+)\s*(<=|<)\s*(\w+)$/.exec(cond);
    if (start && bound && start[1] === bound[1] && /^\w+\+\+$/.test(update)) {
      const from = value(start[2]!);
      const to = value(bound[3]!);
      if (from === undefined || to === undefined) return false;
      return to - from + (bound[2] === '<=' ? 1 : 0) <= limit;
    }
    return false;
  }
  const range = loop.namedChildren.find((c) => c?.type === 'range_clause');
  const over = range?.childForFieldName('right');
  if (!over) return false;
  const n = value(over.text);
  if (n !== undefined) return n <= limit;
  // for _, p := range paths, where paths is a [2]string: the array's length.
  if (over.type === 'identifier') {
    const t = declaredArrayLength(over) ?? literalSliceLength(over);
    if (t !== undefined) return t <= limit;
  }
  // for _, x := range [...]string{a, b, c}: as many iterations as written elements.
  if (over.type === 'composite_literal') {
    const elems = over.childForFieldName('body')?.namedChildren.filter((c) => c !== null && c.type !== 'comment') ?? [];
    return elems.length <= limit;
  }
  return false;
}
