// What analyzers that read function bodies share: walking the analysed files and reporting at
// a syntax node.
import type { Node } from 'web-tree-sitter';
import { exitCallNames } from '../source/exits.js';
import { enclosingFunction, type SyntaxFile } from '../source/syntax.js';
import { evalConst } from '../types/constant.js';
import { declarationOf, type Declaration } from '../types/local.js';
import { UnknownSize } from '../types/layout.js';
import type { Ctx } from '../types/resolve.js';
import type { Pass, Report } from './analyzer.js';

/** The whole syntax tree of every file of the analysed packages. */
export function* eachFileOf(pass: Pass): Generator<SyntaxFile> {
  for (const scope of pass.packages) {
    for (const path of scope.pkg.files) {
      const file = pass.syntax(path);
      if (file) yield file;
    }
  }
}

export function report(pass: Pass, file: SyntaxFile, node: Node, finding: Omit<Report, 'file' | 'line' | 'column' | 'endLine' | 'endColumn'>): void {
  const start = file.pos(node);
  const end = file.end(node);
  pass.report({ ...finding, file: pass.relative(file.path), line: start.line, column: start.column, endLine: end.line, endColumn: end.column });
}

/**
 * Evaluates a package-level integer constant named at `at` (for loop bounds such as
 * `for range maxInFlight`), or undefined when the name is declared in the function or is not
 * a constant heapwise can evaluate.
 */
/** The files of the package `file` belongs to (just the file when it is not an analysed one). */
export function packageFiles(pass: Pass, file: SyntaxFile): string[] {
  return pass.packages.find((s) => s.pkg.files.includes(file.path))?.pkg.files ?? [file.path];
}

/** Where the resolver reads a type or constant written at the top level of `file`. */
export function fileCtx(pass: Pass, file: SyntaxFile): Ctx | undefined {
  for (const scope of pass.packages) {
    const decls = scope.files.find((f) => f.path === file.path);
    if (decls) return { scope, file: decls, fn: -1 };
  }
  return undefined;
}

export function constantAt(pass: Pass, file: SyntaxFile, at: Node): (name: string) => number | undefined {
  return (name) => {
    for (let fn = enclosingFunction(at); fn; fn = enclosingFunction(fn)) {
      if (file.localNames(fn).has(name)) return undefined;
    }
    const ctx = fileCtx(pass, file);
    if (!ctx) return undefined;
    try {
      const v = evalConst({ k: 'ident', name }, ctx, pass.resolver);
      return v.kind === 'int' && v.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v.value) : undefined;
    } catch (e) {
      if (e instanceof UnknownSize) return undefined;
      throw e;
    }
  };
}

/**
 * The declaration of a package-level variable of the file's package, looked up in all its
 * files (declarationOf only sees the file the name is used in).
 */
export function packageVar(pass: Pass, file: SyntaxFile, name: string): Declaration | undefined {
  for (const path of packageFiles(pass, file)) {
    const other = pass.syntax(path);
    if (!other) continue;
    for (const spec of other.all('var_spec')) {
      if (enclosingFunction(spec)) continue; // package level: in var x or var ( ... ) alike
      const names = spec.childrenForFieldName('name');
      const i = names.findIndex((n) => n?.text === name);
      if (i < 0) continue;
      return { node: spec, type: spec.childForFieldName('type') ?? undefined, value: spec.childForFieldName('value')?.namedChildren[i] ?? undefined };
    }
  }
  return undefined;
}

/** A variable's declaration: local first, then package level in any file of the package. */
export function variable(pass: Pass, file: SyntaxFile, ident: Node): Declaration | undefined {
  return declarationOf(ident) ?? packageVar(pass, file, ident.text);
}

/** The type a name of the file's package is declared as (`type T struct{...}` gives the struct). */
export function packageType(pass: Pass, file: SyntaxFile): (name: string) => Node | undefined {
  const files = packageFiles(pass, file);
  return (name) => {
    for (const path of files) {
      for (const spec of pass.syntax(path)?.all('type_spec') ?? []) {
        if (spec.childForFieldName('name')?.text === name && !enclosingFunction(spec)) return spec.childForFieldName('type') ?? undefined;
      }
    }
    return undefined;
  };
}

/**
 * The declared type of `x.f` (spaces removed), when x is a variable, parameter or receiver whose
 * type is a struct this package declares (s.secret of a *Signer: "string").
 */
export function fieldTypeOf(pass: Pass, file: SyntaxFile, sel: Node): string | undefined {
  const x = sel.childForFieldName('operand');
  const field = sel.childForFieldName('field')?.text;
  if (x?.type !== 'identifier' || !field) return undefined;
  const typeName = (declarationOf(x)?.type ?? receiverType(x))?.text.replace(/^\*/, '');
  if (!typeName || !/^\w+$/.test(typeName)) return undefined;
  const st = packageType(pass, file)(typeName);
  if (st?.type !== 'struct_type') return undefined;
  const decl = st.descendantsOfType('field_declaration').find((f) => f?.childrenForFieldName('name').some((n) => n?.text === field));
  return decl?.childForFieldName('type')?.text.replace(/\s+/g, '');
}

/** The type of the method's receiver named by `ident` (s in func (s *Signer) SignAll()). */
export function receiverType(ident: Node): Node | undefined {
  let fn = enclosingFunction(ident);
  while (fn?.type === 'func_literal') fn = enclosingFunction(fn);
  const param = fn?.childForFieldName('receiver')?.namedChildren.find((p) => p?.childrenForFieldName('name').some((n) => n?.text === ident.text));
  return param?.childForFieldName('type') ?? undefined;
}

/** The receiver is a sync.Pool variable (declared with that type, or as sync.Pool{...} or &sync.Pool{...}). */
export function isSyncPool(pass: Pass, file: SyntaxFile, operand: Node): boolean {
  const sync = [...file.imports].find(([, path]) => path === 'sync')?.[0];
  if (!sync) return false;
  if (operand.type === 'selector_expression') {
    // A pool held in a field (w.scratch.Put): some struct of the package declares a field of
    // that name as a sync.Pool.
    const field = operand.childForFieldName('field')?.text;
    return packageFiles(pass, file).some((path) =>
      (pass.syntax(path)?.all('type_spec') ?? []).some((spec) =>
        spec.descendantsOfType('field_declaration').some((f) => f !== null && f.childrenForFieldName('name').some((n) => n?.text === field) && /^\*?\w+\.Pool$/.test(f.childForFieldName('type')?.text ?? '') && f.childForFieldName('type')!.text.replace('*', '') === `${sync}.Pool`),
      ),
    );
  }
  if (operand.type !== 'identifier') return false;
  const d: Declaration | undefined = variable(pass, file, operand);
  if (!d) return false;
  const written = d.type?.text ?? (d.value?.type === 'composite_literal' ? d.value.childForFieldName('type')?.text : d.value?.type === 'unary_expression' ? d.value.namedChildren[0]?.childForFieldName('type')?.text : undefined);
  return written === `${sync}.Pool` || written === `*${sync}.Pool`;
}

/** Node types whose statements run one after another. */
const sequences = new Set(['block', 'statement_list', 'expression_case', 'type_case', 'communication_case', 'default_case']);

const exitCall = new RegExp(`^(?:${exitCallNames})$`);

/** return, or a call to panic, os.Exit, log.Fatal... */
function exits(s: Node): boolean {
  if (s.type === 'return_statement') return true;
  const call = s.type === 'expression_statement' ? s.namedChildren[0] : undefined;
  return call?.type === 'call_expression' && exitCall.test(call.childForFieldName('function')?.text ?? '');
}

/**
 * The node runs at most once per run of the loop around it: it is part of a statement that
 * leaves the function (return fmt.Errorf(...), panic(fmt.Sprintf(...))), or such a statement
 * follows it on its own path before the loop's body ends (if err != nil { mu.Lock(); defer
 * mu.Unlock(); ...; return }). An error path, not the loop's hot path.
 */
export function onExitPath(node: Node, loop: Node): boolean {
  for (let n: Node | null = node; n && n.id !== loop.id && n.parent; n = n.parent) {
    // A return in a func literal leaves the literal, not the loop.
    if (n.type === 'func_literal') return false;
    if (exits(n)) return true;
    if (!sequences.has(n.parent.type)) continue;
    for (let s = n.nextNamedSibling; s; s = s.nextNamedSibling) if (exits(s)) return true;
  }
  return false;
}
