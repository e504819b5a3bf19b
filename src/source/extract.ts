// Syntax tree -> plain declarations (model.ts). Only what type sizes and the struct analyzers
// need: imports, type, const and var declarations, and every struct type, with positions.
import type { Node, Tree } from 'web-tree-sitter';
import type {
  ConstDecl,
  Expr,
  FieldDecl,
  FileDecls,
  FuncScope,
  ImportDecl,
  StructDecl,
  SyntaxProblem,
  TypeDecl,
  TypeExpr,
  VarDecl,
} from './model.js';
import { extractFunctions } from './functions.js';
import { PositionMap } from './positions.js';

/**
 * `original` is the file's text; the tree was parsed from a compact text made of some of its
 * declarations, and `toOriginal` maps the tree's indexes back.
 */
export function extractDecls(
  tree: Tree,
  path: string,
  original: string,
  toOriginal: (i: number) => number,
  withFunctions = false,
): FileDecls {
  const x = new Extractor(original, toOriginal);
  const decls: FileDecls = {
    path,
    packageName: '',
    imports: x.imports,
    types: x.types,
    consts: x.consts,
    vars: x.vars,
    structs: x.structs,
    scopes: x.scopes,
    lazy: [],
    bytes: 0,
  };
  const root = tree.rootNode;
  if (root.hasError) decls.problem = firstProblem(root, (i) => x.positions.pos(toOriginal(i)));
  for (const node of root.namedChildren) {
    if (!node) continue;
    switch (node.type) {
      case 'package_clause':
        decls.packageName = node.namedChildren[0]?.text ?? '';
        break;
      case 'import_declaration':
        x.importDecl(node);
        break;
      case 'type_declaration':
        x.typeDecl(node, -1);
        break;
      case 'const_declaration':
        x.constDecl(node, -1);
        break;
      case 'var_declaration':
        x.varDecl(node, -1);
        x.looseStructs(node, -1);
        break;
      case 'function_declaration':
      case 'method_declaration':
        // Only functions that contain a struct type are parsed (see parse-file.ts): their
        // local type and const declarations, then every struct type not met yet.
        for (const d of node.descendantsOfType(['type_declaration', 'const_declaration'])) {
          if (!d) continue;
          const scope = x.scopeOf(d);
          if (d.type === 'type_declaration') x.typeDecl(d, scope);
          else x.constDecl(d, scope);
        }
        x.looseStructs(node, -2);
        break;
    }
    if (node.type === 'const_declaration') x.looseStructs(node, -1);
  }
  if (withFunctions) {
    decls.functions = extractFunctions(root, (i) => x.posAt(i), (i) => x.offset(i));
  }
  return decls;
}

class Extractor {
  readonly imports: ImportDecl[] = [];
  readonly types: TypeDecl[] = [];
  readonly consts: ConstDecl[] = [];
  readonly vars: VarDecl[] = [];
  readonly structs: StructDecl[] = [];
  readonly scopes: FuncScope[] = [];
  readonly positions: PositionMap;
  /** Start indexes of struct_type nodes already registered. */
  private readonly seen = new Set<number>();

  constructor(
    text: string,
    private readonly toOriginal: (i: number) => number,
  ) {
    this.positions = new PositionMap(text);
  }

  pos(node: Node) {
    return this.posAt(node.startIndex);
  }

  /** Go position of an index in the parsed (possibly compact) text. */
  posAt(index: number) {
    return this.positions.pos(this.toOriginal(index));
  }

  offset(index: number): number {
    return this.positions.offset(this.toOriginal(index));
  }

  importDecl(node: Node): void {
    for (const spec of node.descendantsOfType('import_spec')) {
      if (!spec) continue;
      const name = spec.childForFieldName('name')?.text;
      const pathNode = spec.childForFieldName('path');
      if (!pathNode) continue;
      this.imports.push({ name, path: stringValue(pathNode) });
    }
  }

  typeDecl(node: Node, scope: number): void {
    for (const spec of node.namedChildren) {
      if (!spec || (spec.type !== 'type_spec' && spec.type !== 'type_alias')) continue;
      const nameNode = spec.childForFieldName('name');
      const typeNode = spec.childForFieldName('type');
      if (!nameNode || !typeNode) continue;
      const typeParams: string[] = [];
      const tparams = spec.childForFieldName('type_parameters');
      if (tparams) {
        for (const d of tparams.namedChildren) {
          if (d?.type !== 'type_parameter_declaration') continue;
          for (const n of d.childrenForFieldName('name')) if (n) typeParams.push(n.text);
        }
      }
      // A doc comment sits above the spec in a group, or above the whole declaration.
      const grouped = node.children.some((c) => c?.type === '(');
      const doc = docComments(grouped ? spec : node);
      this.types.push({
        name: nameNode.text,
        typeParams,
        alias: spec.type === 'type_alias',
        type: this.typeExpr(typeNode, scope, nameNode.text, doc),
        pos: this.pos(nameNode),
        scope,
      });
    }
  }

  constDecl(node: Node, scope: number): void {
    let iota = 0;
    let lastType: TypeExpr | undefined;
    let lastValues: Node[] = [];
    for (const spec of node.namedChildren) {
      if (spec?.type !== 'const_spec') continue;
      const names = spec.childrenForFieldName('name').filter((n): n is Node => n !== null);
      const typeNode = spec.childForFieldName('type');
      const valueList = spec.childForFieldName('value');
      if (valueList) {
        lastValues = valueList.namedChildren.filter((n): n is Node => n !== null);
        lastType = typeNode ? this.typeExpr(typeNode, scope) : undefined;
      }
      // A spec without values repeats the previous spec's type and expressions (with the new iota).
      names.forEach((n, i) => {
        const v = lastValues[i];
        if (n.text === '_') return;
        this.consts.push({ name: n.text, type: lastType, value: v ? this.expr(v, scope) : undefined, iota, scope });
      });
      iota++;
    }
  }

  varDecl(node: Node, scope: number): void {
    for (const spec of node.descendantsOfType('var_spec')) {
      if (!spec) continue;
      const names = spec.childrenForFieldName('name').filter((n): n is Node => n !== null);
      const typeNode = spec.childForFieldName('type');
      const type = typeNode ? this.typeExpr(typeNode, scope) : undefined;
      const values = spec.childForFieldName('value')?.namedChildren ?? [];
      names.forEach((n, i) => {
        // Only a composite literal tells the type of an untyped var cheaply (for unsafe.Sizeof(v)).
        const v = values[i];
        const value = v?.type === 'composite_literal' ? this.expr(v, scope) : undefined;
        this.vars.push({ name: n.text, type, value, scope });
      });
    }
  }

  private readonly scopeByStart = new Map<number, number>();

  funcScope(node: Node): number {
    const typeParams: string[] = [];
    for (const d of node.childForFieldName('type_parameters')?.namedChildren ?? []) {
      if (d?.type !== 'type_parameter_declaration') continue;
      for (const n of d.childrenForFieldName('name')) if (n) typeParams.push(n.text);
    }
    // Receiver type parameters: func (r *T[K, V]) ...
    const recv = node.childForFieldName('receiver');
    if (recv) {
      for (const g of recv.descendantsOfType('type_arguments')) {
        for (const e of g?.namedChildren ?? []) if (e) typeParams.push(e.text);
      }
    }
    this.scopes.push({ name: node.childForFieldName('name')?.text ?? '', typeParams });
    return this.scopes.length - 1;
  }

  /** Struct types not declared by a type declaration: in signatures, vars, literals. */
  looseStructs(node: Node, scope: number): void {
    for (const s of node.descendantsOfType('struct_type')) {
      if (!s || this.seen.has(s.startIndex)) continue;
      if (isEmptyStruct(s)) continue; // struct{}: nothing to lay out or reorder
      this.struct(s, scope === -2 ? this.scopeOf(s) : scope, nameFromParent(s), []);
    }
  }

  /** The function a node is declared in (its scope index), or -1 at package level. */
  scopeOf(node: Node): number {
    let f: Node | null = node.parent;
    while (f && f.type !== 'function_declaration' && f.type !== 'method_declaration') f = f.parent;
    if (!f) return -1;
    const known = this.scopeByStart.get(f.startIndex);
    if (known !== undefined) return known;
    const index = this.funcScope(f);
    this.scopeByStart.set(f.startIndex, index);
    return index;
  }

  typeExpr(node: Node, scope: number, declName?: string, doc?: string[]): TypeExpr {
    switch (node.type) {
      case 'type_identifier':
        return { k: 'name', name: node.text };
      case 'qualified_type':
        return {
          k: 'qual',
          pkg: node.childForFieldName('package')?.text ?? '',
          name: node.childForFieldName('name')?.text ?? '',
        };
      case 'generic_type': {
        const base = node.childForFieldName('type');
        const argsNode = node.childForFieldName('type_arguments');
        if (!base) return unknownType(node);
        const t = this.typeExpr(base, scope);
        const args = (argsNode?.namedChildren ?? [])
          .filter((n): n is Node => n !== null)
          .map((n) => this.typeExpr(n, scope));
        if (t.k === 'name' || t.k === 'qual') return { ...t, args };
        return unknownType(node);
      }
      case 'type_elem':
      case 'type_constraint':
      case 'parenthesized_type': {
        const named = node.namedChildren.filter((n): n is Node => n !== null);
        return named.length === 1 ? this.typeExpr(named[0]!, scope, declName, doc) : unknownType(node);
      }
      case 'pointer_type':
        this.looseStructs(node, scope);
        return { k: 'pointer' };
      case 'slice_type':
        this.looseStructs(node, scope);
        return { k: 'slice' };
      case 'map_type':
        this.looseStructs(node, scope);
        return { k: 'map' };
      case 'channel_type':
        this.looseStructs(node, scope);
        return { k: 'chan' };
      case 'function_type':
        this.looseStructs(node, scope);
        return { k: 'func' };
      case 'interface_type':
        this.looseStructs(node, scope);
        return { k: 'interface', empty: node.namedChildCount === 0 };
      case 'array_type': {
        const len = node.childForFieldName('length');
        const elem = node.childForFieldName('element');
        if (!len || !elem) return unknownType(node);
        return { k: 'array', len: this.expr(len, scope), elem: this.typeExpr(elem, scope) };
      }
      case 'struct_type':
        return { k: 'struct', struct: this.struct(node, scope, declName ?? nameFromParent(node), doc ?? []) };
      default:
        return unknownType(node);
    }
  }

  struct(node: Node, scope: number, name: string, doc: string[]): number {
    const index = this.structs.length;
    this.seen.add(node.startIndex);
    const list = node.namedChildren.find((n) => n?.type === 'field_declaration_list');
    const decl: StructDecl = {
      name,
      pos: this.pos(node),
      bodyStart: list ? this.offset(list.startIndex) : 0,
      bodyEnd: list ? this.offset(list.endIndex) : 0,
      multiline: list ? list.startPosition.row !== list.endPosition.row : false,
      closeColumn: list ? this.positions.pos(this.toOriginal(list.endIndex - 1)).column : 1,
      fields: [],
      trailingComments: [],
      scope,
      doc,
    };
    this.structs.push(decl);
    if (!list) return index;
    let pendingDoc: string[] = [];
    let prev: { field: FieldDecl; row: number } | undefined;
    for (const child of list.namedChildren) {
      if (!child) continue;
      if (child.type === 'comment') {
        if (!prev && child.startPosition.row === list.startPosition.row && decl.openingComment === undefined) {
          decl.openingComment = child.text;
        } else if (prev && child.startPosition.row === prev.row && prev.field.lineComment === undefined) {
          prev.field.lineComment = child.text;
          prev.field.end = this.offset(child.endIndex);
        } else {
          pendingDoc.push(child.text);
        }
        continue;
      }
      if (child.type !== 'field_declaration') continue;
      const field = this.field(child, scope, pendingDoc);
      pendingDoc = [];
      decl.fields.push(field);
      prev = { field, row: child.endPosition.row };
    }
    decl.trailingComments = pendingDoc;
    return index;
  }

  field(node: Node, scope: number, doc: string[]): FieldDecl {
    const names = node.childrenForFieldName('name').filter((n): n is Node => n !== null).map((n) => n.text);
    const typeNode = node.childForFieldName('type');
    const tag = node.childForFieldName('tag')?.text;
    const type = typeNode ? this.typeExpr(typeNode, scope) : ({ k: 'unknown', text: node.text } as TypeExpr);
    const field: FieldDecl = {
      names,
      type,
      typeText: typeNode?.text ?? '',
      start: this.offset(node.startIndex),
      end: this.offset(node.endIndex),
      text: node.text,
      doc,
      tag,
    };
    if (names.length === 0) {
      // Embedded: the field is named after the type, without package or type arguments.
      field.embeddedName = embeddedName(type);
      const pointer = node.children.some((c) => c?.type === '*');
      if (pointer) field.type = { k: 'pointer' };
    }
    return field;
  }

  expr(node: Node, scope: number): Expr {
    switch (node.type) {
      case 'int_literal':
        return { k: 'int', text: node.text };
      case 'float_literal':
        return { k: 'float', text: node.text };
      case 'rune_literal':
        return { k: 'rune', text: node.text };
      case 'interpreted_string_literal':
      case 'raw_string_literal':
        return { k: 'string', value: stringValue(node), bytes: stringBytes(node) };
      case 'identifier':
      case 'type_identifier':
      case 'iota':
      case 'true':
      case 'false':
      case 'nil':
        return { k: 'ident', name: node.text };
      case 'parenthesized_expression': {
        const inner = node.namedChildren.find((n) => n !== null && n.type !== 'comment');
        return inner ? this.expr(inner, scope) : unknownExpr(node);
      }
      case 'selector_expression': {
        const operand = node.childForFieldName('operand');
        const field = node.childForFieldName('field');
        if (!operand || !field) return unknownExpr(node);
        if (operand.type === 'identifier') return { k: 'sel', pkg: operand.text, name: field.text };
        return { k: 'field', x: this.expr(operand, scope), name: field.text };
      }
      case 'qualified_type':
        return {
          k: 'sel',
          pkg: node.childForFieldName('package')?.text ?? '',
          name: node.childForFieldName('name')?.text ?? '',
        };
      case 'unary_expression': {
        const operand = node.childForFieldName('operand');
        const op = node.childForFieldName('operator')?.text;
        if (!operand || !op) return unknownExpr(node);
        return { k: 'unary', op, x: this.expr(operand, scope) };
      }
      case 'binary_expression': {
        const l = node.childForFieldName('left');
        const r = node.childForFieldName('right');
        const op = node.childForFieldName('operator')?.text;
        if (!l || !r || !op) return unknownExpr(node);
        return { k: 'binary', op, x: this.expr(l, scope), y: this.expr(r, scope) };
      }
      case 'call_expression': {
        const fun = node.childForFieldName('function');
        const args = node.childForFieldName('arguments');
        if (!fun || !args) return unknownExpr(node);
        const argExprs = args.namedChildren
          .filter((n): n is Node => n !== null && n.type !== 'comment')
          .map((n) => this.expr(n, scope));
        return { k: 'call', fun: this.expr(fun, scope), args: argExprs };
      }
      case 'type_conversion_expression': {
        const t = node.childForFieldName('type');
        const operand = node.childForFieldName('operand');
        if (!t || !operand) return unknownExpr(node);
        return { k: 'convert', type: this.typeExpr(t, scope), x: this.expr(operand, scope) };
      }
      case 'composite_literal': {
        const t = node.childForFieldName('type');
        if (!t) return unknownExpr(node);
        if (t.type === 'implicit_length_array_type') {
          // [...]T{a, b, 5: c}: the length follows from the elements and their index keys.
          const elems = node.childForFieldName('body')?.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment') ?? [];
          const elem = t.childForFieldName('element');
          if (!elem) return unknownExpr(node);
          const keys = elems.map((c) => {
            if (c.type !== 'keyed_element') return null;
            const key = c.namedChildren[0];
            const inner = key?.type === 'literal_element' ? key.namedChildren[0] : key;
            return inner ? this.expr(inner, scope) : ({ k: 'unknown', text: c.text } as Expr);
          });
          return { k: 'composite', type: { k: 'array', len: { k: 'arraylen', keys }, elem: this.typeExpr(elem, scope) } };
        }
        return { k: 'composite', type: this.typeExpr(t, scope) };
      }
      default:
        // Types in expression position (e.g. unsafe.Sizeof's argument written as a type is an
        // error, but conversions like (*T)(nil) reach here): not constants we evaluate.
        if (node.type.endsWith('_type')) return { k: 'convert', type: this.typeExpr(node, scope), x: unknownExpr(node) };
        return unknownExpr(node);
    }
  }
}

function isEmptyStruct(node: Node): boolean {
  const list = node.namedChildren.find((n) => n?.type === 'field_declaration_list');
  return list !== undefined && list !== null && list.namedChildCount === 0;
}

function unknownType(node: Node): TypeExpr {
  return { k: 'unknown', text: node.text };
}

function unknownExpr(node: Node): Expr {
  return { k: 'unknown', text: node.text.length > 80 ? `${node.text.slice(0, 77)}...` : node.text };
}

function embeddedName(t: TypeExpr): string {
  if (t.k === 'name' || t.k === 'qual') return t.name;
  return '?';
}

/** fieldalignment names a struct after its type spec (type T struct / type T = struct). */
function nameFromParent(node: Node): string {
  const p = node.parent;
  if (p && (p.type === 'type_spec' || p.type === 'type_alias')) return p.childForFieldName('name')?.text ?? 'struct';
  return 'struct';
}

/** Comment lines directly above a node, contiguous, in source order. */
function docComments(node: Node): string[] {
  const lines: string[] = [];
  let row = node.startPosition.row;
  for (let c = node.previousSibling; c && c.type === 'comment'; c = c.previousSibling) {
    if (c.endPosition.row < row - 1) break;
    lines.unshift(c.text);
    row = c.startPosition.row;
  }
  return lines;
}

function stringValue(node: Node): string {
  const text = node.text;
  if (text.startsWith('`')) return text.slice(1, -1).replace(/\r/g, '');
  return decodeInterpreted(text.slice(1, -1));
}

/** Length in bytes of the Go string a literal denotes. */
function stringBytes(node: Node): number {
  const text = node.text;
  if (text.startsWith('`')) return Buffer.byteLength(text.slice(1, -1).replace(/\r/g, ''), 'utf8');
  let bytes = 0;
  const body = text.slice(1, -1);
  const escape = /\\(?:[abfnrtv\\'"]|x[0-9a-fA-F]{2}|[0-7]{3}|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))/g;
  let last = 0;
  for (let m = escape.exec(body); m; m = escape.exec(body)) {
    bytes += Buffer.byteLength(body.slice(last, m.index), 'utf8');
    const code = m[1] ?? m[2];
    bytes += code ? Buffer.byteLength(String.fromCodePoint(parseInt(code, 16)), 'utf8') : 1;
    last = m.index + m[0].length;
  }
  return bytes + Buffer.byteLength(body.slice(last), 'utf8');
}

const simpleEscapes: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

/** Go string literal escapes; \x and octal escapes are bytes, kept as latin-1 code points. */
function decodeInterpreted(s: string): string {
  return s.replace(/\\(?:([abfnrtv\\'"])|x([0-9a-fA-F]{2})|([0-7]{3})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))/g, (_m, c, x, o, u, U) => {
    if (c) return simpleEscapes[c]!;
    if (x) return String.fromCharCode(parseInt(x, 16));
    if (o) return String.fromCharCode(parseInt(o, 8));
    return String.fromCodePoint(parseInt(u ?? U, 16));
  });
}

export function firstProblem(root: Node, pos: (index: number) => { line: number; column: number }): SyntaxProblem | undefined {
  const cursor = root.walk();
  try {
    for (;;) {
      const n = cursor.currentNode;
      if (n.isMissing || n.isError) {
        const p = pos(n.startIndex);
        const message = n.isMissing
          ? `syntax error: expected ${n.type}`
          : `syntax error: unexpected ${describe(n.text)}`;
        return { line: p.line, column: p.column, message };
      }
      if (n.hasError && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return undefined;
      }
    }
  } finally {
    cursor.delete();
  }
}

function describe(text: string): string {
  const first = text.trim().split(/\s+/)[0] ?? '';
  if (first === '') return 'end of input';
  return first.length > 20 ? `${first.slice(0, 20)}...` : first;
}
