// The source model: plain data extracted from the syntax tree of each Go file. It is plain
// (no tree-sitter objects) so that files can be parsed in worker threads and the result sent
// to the thread that resolves types across packages.

/** A type as written in the source. */
export type TypeExpr =
  | { k: 'name'; name: string; args?: TypeExpr[] }
  | { k: 'qual'; pkg: string; name: string; args?: TypeExpr[] }
  | { k: 'pointer' }
  | { k: 'slice' }
  | { k: 'map' }
  | { k: 'chan' }
  | { k: 'func' }
  | { k: 'interface'; empty: boolean }
  | { k: 'array'; len: Expr; elem: TypeExpr }
  | { k: 'struct'; struct: number /* index into FileDecls.structs */ }
  | { k: 'unknown'; text: string };

/** A constant expression (array lengths, constant declarations). */
export type Expr =
  | { k: 'int'; text: string }
  | { k: 'float'; text: string }
  | { k: 'rune'; text: string }
  /** `bytes`: the length in bytes of the Go string (UTF-8, escapes like \xff count one). */
  | { k: 'string'; value: string; bytes: number }
  | { k: 'ident'; name: string }
  | { k: 'sel'; pkg: string; name: string }
  | { k: 'unary'; op: string; x: Expr }
  | { k: 'binary'; op: string; x: Expr; y: Expr }
  | { k: 'call'; fun: Expr; args: Expr[] }
  /** A conversion whose target cannot be written as an expression, e.g. `[]byte(x)`. */
  | { k: 'convert'; type: TypeExpr; x: Expr }
  | { k: 'composite'; type: TypeExpr }
  | { k: 'field'; x: Expr; name: string }
  /** The length of `[...]T{...}`: one entry per element, its index key or null. */
  | { k: 'arraylen'; keys: (Expr | null)[] }
  | { k: 'unknown'; text: string };

export interface Pos {
  /** 1-based line. */
  line: number;
  /** 1-based column counted in bytes (UTF-8), like the Go toolchain. */
  column: number;
  /** 0-based byte offset in the file. */
  offset: number;
}

export interface FieldDecl {
  /** Declared names; empty for an embedded field. */
  names: string[];
  /** For an embedded field, the field name the spec gives it (the type name). */
  embeddedName?: string;
  type: TypeExpr;
  /** The type as written. */
  typeText: string;
  /** Byte range of the whole field line(s) to move when reordering: doc comment, field, tag and line comment. */
  start: number;
  end: number;
  /** The field declaration text (names, type and tag) without comments. */
  text: string;
  /** Comment lines directly above the field, verbatim. */
  doc: string[];
  /** The comment on the same line after the field, verbatim. */
  lineComment?: string;
  /** The tag literal, verbatim. */
  tag?: string;
}

export interface StructDecl {
  /** The declared type name when this is `type Name struct{...}`, else `struct`. */
  name: string;
  pos: Pos;
  /** Byte offsets of the `{` and just past the `}` of the field list. */
  bodyStart: number;
  bodyEnd: number;
  /** True when the field list spans several lines (fixes keep one field per line then). */
  multiline: boolean;
  /** 1-based byte column of the closing brace: fixes indent fields one tab deeper. */
  closeColumn: number;
  fields: FieldDecl[];
  /** A comment on the line of the opening brace (`struct { // ...`), kept there by fixes. */
  openingComment?: string;
  /** Comments after the last field, verbatim (kept at the end by fixes). */
  trailingComments: string[];
  /** Index into FileDecls.scopes of the function it is declared in, or -1 at package level. */
  scope: number;
  /** Doc comment lines of the type declaration (for `//heapwise:layout fixed`). */
  doc: string[];
}

export interface TypeDecl {
  name: string;
  typeParams: string[];
  alias: boolean;
  type: TypeExpr;
  pos: Pos;
  scope: number;
}

export interface ConstDecl {
  name: string;
  /** Declared type, if any (repeated implicitly in a const group). */
  type?: TypeExpr;
  value?: Expr;
  iota: number;
  scope: number;
}

export interface VarDecl {
  name: string;
  type?: TypeExpr;
  value?: Expr;
  scope: number;
}

export interface ImportDecl {
  /** Local name when given (`_`, `.`, or an identifier). */
  name?: string;
  path: string;
}

/** A function or method body that was parsed (it declares types or struct literals). */
export interface FuncScope {
  name: string;
  /** Type parameters of the function or of its receiver's type. */
  typeParams: string[];
}

/** A statement directly inside a loop body. */
export interface StatementInfo {
  /** The grammar's node type: assignment_statement, expression_statement, defer_statement... */
  kind: string;
  pos: Pos;
  /** Byte offset just past the statement. */
  end: number;
  text: string;
}

export interface LoopInfo {
  /** `for i := 0; ...`, `for k, v := range x`, or `for cond` / `for {}`. */
  kind: 'for' | 'range' | 'condition';
  pos: Pos;
  /** What a range loop ranges over, as written. */
  rangeOver?: string;
  /** The loop's text up to its body, e.g. `for _, x := range xs`. */
  header: string;
  bodyStart: number;
  bodyEnd: number;
  statements: StatementInfo[];
  /** Loops nested in this one (at any depth of blocks, not inside another nested loop). */
  loops: LoopInfo[];
}

export interface FuncInfo {
  name: string;
  /** The receiver's type name for a method. */
  receiver?: string;
  pos: Pos;
  bodyStart: number;
  bodyEnd: number;
  loops: LoopInfo[];
}

export interface SyntaxProblem {
  line: number;
  column: number;
  message: string;
}

export interface FileDecls {
  /** Absolute path. */
  path: string;
  packageName: string;
  imports: ImportDecl[];
  types: TypeDecl[];
  consts: ConstDecl[];
  vars: VarDecl[];
  structs: StructDecl[];
  scopes: FuncScope[];
  /** Functions with their loops; only in the `all` parse mode (whole files). */
  functions?: FuncInfo[];
  /**
   * Declarations not parsed yet because no analyzer needed them up front (const and var
   * groups): UTF-16 index ranges, parsed on demand when a constant is looked up.
   */
  lazy: { start: number; end: number }[];
  bytes: number;
  problem?: SyntaxProblem;
}
