// Local type knowledge for analyzers that read function bodies: where a variable is declared,
// and whether an expression is a string, a byte slice... Only what can be read off the source
// with certainty; anything else is `undefined`, and analyzers stay silent then.
import type { Node, Tree } from 'web-tree-sitter';
import { enclosingFunction, type SyntaxFile } from '../source/syntax.js';

export interface Declaration {
  /** The node that declares the name: a var_spec, short_var_declaration, parameter_declaration or range_clause. */
  node: Node;
  /** The declared type as written, when there is one. */
  type?: Node;
  /** The value the name gets, when declared with one (same position in the list). */
  value?: Node;
}

/** The declaration of the variable `ident` refers to, searching out from its use. */
export function declarationOf(ident: Node): Declaration | undefined {
  const name = ident.text;
  for (let scope = ident.parent; scope; scope = scope.parent) {
    // Declarations in a block (or function) that contains the use, written before it.
    let found: Declaration | undefined;
    for (const child of declarationsDirectlyIn(scope)) {
      if (child.startIndex > ident.startIndex) break;
      const d = declares(child, name);
      if (d) found = d;
    }
    if (found) return found;
    if (scope.type === 'source_file') break;
  }
  return undefined;
}

/**
 * Statements and parameter lists whose declarations are visible inside `scope`. Kept per tree
 * and scope: every lookup of a package-level name walks out to the file's top level, and
 * analyzers look names up thousands of times per file.
 */
function declarationsDirectlyIn(scope: Node): Node[] {
  let perTree = scopes.get(scope.tree);
  if (!perTree) scopes.set(scope.tree, (perTree = new Map()));
  let out = perTree.get(scope.id);
  if (!out) perTree.set(scope.id, (out = declarationsIn(scope)));
  return out;
}

const scopes = new WeakMap<Tree, Map<number, Node[]>>();

function declarationsIn(scope: Node): Node[] {
  const out: Node[] = [];
  const add = (n: Node | null | undefined) => n && out.push(n);
  switch (scope.type) {
    case 'block':
    case 'statement_list':
    case 'source_file':
      for (const c of scope.namedChildren) {
        if (!c) continue;
        if (c.type === 'statement_list') out.push(...declarationsDirectlyIn(c));
        else if (c.type === 'var_declaration') out.push(...c.descendantsOfType('var_spec').filter((n): n is Node => n !== null));
        else add(c);
      }
      break;
    case 'function_declaration':
    case 'method_declaration':
    case 'func_literal':
      add(scope.childForFieldName('receiver'));
      for (const p of scope.childForFieldName('parameters')?.namedChildren ?? []) add(p);
      for (const p of scope.childForFieldName('result')?.namedChildren ?? []) add(p);
      break;
    case 'for_statement':
      add(scope.namedChildren.find((c) => c?.type === 'range_clause'));
      add(scope.namedChildren.find((c) => c?.type === 'for_clause')?.childForFieldName('initializer'));
      break;
    case 'if_statement':
    case 'expression_switch_statement':
    case 'type_switch_statement':
      add(scope.childForFieldName('initializer'));
      break;
  }
  return out;
}

function declares(n: Node, name: string): Declaration | undefined {
  switch (n.type) {
    case 'var_spec': {
      const names = n.childrenForFieldName('name');
      const i = names.findIndex((x) => x?.text === name);
      if (i < 0) return undefined;
      return { node: n, type: n.childForFieldName('type') ?? undefined, value: n.childForFieldName('value')?.namedChildren[i] ?? undefined };
    }
    case 'short_var_declaration': {
      const left = n.childForFieldName('left')?.namedChildren ?? [];
      const i = left.findIndex((x) => x?.text === name);
      if (i < 0) return undefined;
      const right = n.childForFieldName('right')?.namedChildren ?? [];
      // x, err := f() gives no value expression for x alone; but in v, ok := x.(T) and
      // v, ok := m[k] the first name gets the value of the assertion or lookup.
      const commaOk = right.length === 1 && i === 0 && (right[0]?.type === 'type_assertion_expression' || right[0]?.type === 'index_expression');
      return { node: n, value: right.length === left.length || commaOk ? (right[i] ?? undefined) : undefined };
    }
    case 'parameter_declaration':
    case 'variadic_parameter_declaration': {
      if (!n.childrenForFieldName('name').some((x) => x?.text === name)) return undefined;
      return { node: n, type: n.type === 'parameter_declaration' ? (n.childForFieldName('type') ?? undefined) : undefined };
    }
    case 'range_clause': {
      const left = n.childForFieldName('left')?.namedChildren ?? [];
      return left.some((x) => x?.text === name) ? { node: n } : undefined;
    }
  }
  return undefined;
}

/** Functions of the standard library that return a string. */
const stringFuncs = new Set([
  'fmt.Sprintf', 'fmt.Sprint', 'fmt.Sprintln', 'strings.Join', 'strings.Repeat', 'strings.ToUpper', 'strings.ToLower',
  'strings.TrimSpace', 'strings.Trim', 'strings.TrimPrefix', 'strings.TrimSuffix', 'strings.Replace', 'strings.ReplaceAll',
  'strconv.Itoa', 'strconv.FormatInt', 'strconv.FormatUint', 'strconv.FormatFloat', 'strconv.Quote',
]);

/** Whether `expr` certainly has a string type (the predeclared one, or a type declared as one in the same file). */
export function isString(file: SyntaxFile, expr: Node, depth = 0): boolean {
  if (depth > 8) return false;
  switch (expr.type) {
    case 'interpreted_string_literal':
    case 'raw_string_literal':
      return true;
    case 'parenthesized_expression':
      return expr.namedChildren[0] ? isString(file, expr.namedChildren[0], depth + 1) : false;
    case 'binary_expression':
      return expr.childForFieldName('operator')?.text === '+' && [expr.childForFieldName('left'), expr.childForFieldName('right')].some((x) => x && isString(file, x, depth + 1));
    case 'call_expression': {
      const fn = expr.childForFieldName('function');
      if (fn?.type === 'identifier' && fn.text === 'string') return true;
      if (fn?.type === 'selector_expression') {
        const pkg = fn.childForFieldName('operand')?.text ?? '';
        const path = file.imports.get(pkg);
        return path !== undefined && stringFuncs.has(`${path}.${fn.childForFieldName('field')?.text}`);
      }
      return false;
    }
    case 'identifier': {
      const d = declarationOf(expr);
      if (!d) return false;
      if (d.type) return isStringType(file, d.type);
      return d.value ? isString(file, d.value, depth + 1) : false;
    }
  }
  return false;
}

export function isStringType(file: SyntaxFile, type: Node): boolean {
  if (type.type !== 'type_identifier') return false;
  if (type.text === 'string') return true;
  // A type of this file declared as a string: type Name string.
  for (const spec of file.root.descendantsOfType('type_spec')) {
    if (spec?.childForFieldName('name')?.text === type.text && !enclosingFunction(spec)) {
      const t = spec.childForFieldName('type');
      return t?.type === 'type_identifier' && t.text === 'string';
    }
  }
  return false;
}

/** What a value is made of, as far as the source says: enough to tell pointer-shaped values apart. */
export type Shape = 'pointer' | 'map' | 'chan' | 'func' | 'slice' | 'string' | 'struct-or-scalar';

/** The shape of an expression, or undefined when the source does not make it certain. */
export function shapeOf(
  expr: Node,
  lookup: (ident: Node) => Declaration | undefined,
  namedType: (name: string) => Node | undefined = () => undefined,
  depth = 0,
): Shape | undefined {
  if (depth > 8) return undefined;
  switch (expr.type) {
    case 'unary_expression':
      return expr.childForFieldName('operator')?.text === '&' ? 'pointer' : undefined;
    case 'interpreted_string_literal':
    case 'raw_string_literal':
      return 'string';
    case 'int_literal':
    case 'float_literal':
      return 'struct-or-scalar';
    case 'slice_expression':
      return 'slice';
    case 'composite_literal':
      return shapeOfType(namedType, expr.childForFieldName('type'));
    case 'type_assertion_expression':
      return shapeOfType(namedType, expr.childForFieldName('type'));
    case 'call_expression': {
      const fn = expr.childForFieldName('function');
      const args = expr.childForFieldName('arguments')?.namedChildren ?? [];
      if (fn?.text === 'new') return 'pointer';
      if (fn?.text === 'make') return shapeOfType(namedType, args[0] ?? null);
      if (fn?.text === 'append') return 'slice';
      // x.String() returns a string by convention (fmt.Stringer), and so do the standard
      // library's string functions.
      if (fn?.type === 'selector_expression' && fn.childForFieldName('field')?.text === 'String' && args.length === 0) return 'string';
      if (fn && stringFuncs.has(fn.text)) return 'string';
      return undefined;
    }
    case 'parenthesized_expression':
      return expr.namedChildren[0] ? shapeOf(expr.namedChildren[0], lookup, namedType, depth + 1) : undefined;
    case 'identifier': {
      const d = lookup(expr);
      if (!d) return undefined;
      if (d.type) return shapeOfType(namedType, d.type);
      return d.value ? shapeOf(d.value, lookup, namedType, depth + 1) : undefined;
    }
  }
  return undefined;
}

function shapeOfType(namedType: (name: string) => Node | undefined, t: Node | null | undefined, depth = 0): Shape | undefined {
  switch (t?.type) {
    case 'pointer_type':
      return 'pointer';
    case 'slice_type':
      return 'slice';
    case 'map_type':
      return 'map';
    case 'channel_type':
      return 'chan';
    case 'function_type':
      return 'func';
    case 'array_type':
    case 'struct_type':
      return 'struct-or-scalar';
    case 'type_identifier':
      if (t.text === 'string') return 'string';
      if (/^(u?int(8|16|32|64)?|float(32|64)|bool|byte|rune|uintptr|complex(64|128))$/.test(t.text)) return 'struct-or-scalar';
      // A type of the package: what it is declared as (a struct, a map...).
      if (depth < 8) {
        const declared = namedType(t.text);
        if (declared) return shapeOfType(namedType, declared, depth + 1);
      }
      return undefined;
  }
  return undefined;
}
