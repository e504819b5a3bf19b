// pointer-slice: []*T filled with &T{...} in a loop, for a small T.
import type { Node } from 'web-tree-sitter';
import { enclosingFunction, enclosingLoops } from '../source/syntax.js';
import { declarationOf } from '../types/local.js';
import { mustNotCopy } from '../types/nocopy.js';
import { typeExprOf } from '../types/type-node.js';
import type { SyntaxFile } from '../source/syntax.js';
import { docsUrl, type Analyzer, type Pass } from './analyzer.js';
import { eachFileOf, fileCtx, packageFiles, receiverType, report } from './body.js';
import { sizer } from './huge-param.js';

/** Up to this size an element is cheaper stored by value than behind a pointer. */
const smallBytes = 128;

const doc = `Reports a slice of pointers filled in a loop with a new &T{...} per element, when T is
small (up to ${smallBytes} bytes by the compiler's layout).

Each &T{...} that goes into the slice is its own heap object: an allocation per element, a
pointer per element for the GC to follow, and elements scattered in memory. A []T holds the
same values in one allocation that the GC scans (or skips, when T has no pointers) in one go.

Fix: use []T and take &xs[i] where a pointer is needed.

A pointer built just before it is appended (p := &T{...}; p.X = ...; xs = append(xs, p)) counts
too, when p is used in between only through its fields.

Not reported: large T (moving it around by value costs more), types that must not be copied
(a mutex, atomics, a noCopy field, held by value at any depth, as in generated protobuf
messages from other modules), types whose contents heapwise cannot follow, slices that are a
field of another package's type (their []*T is that package's API) or of a value heapwise cannot
trace to a type, slices not declared as []*T (a []Shape of interfaces holds pointers because
they implement it), slices of another package's *T handed to a call or a composite literal
(that API wants []*T), and pointers that are kept elsewhere too (stored in a map or
passed on before they are appended: their identity matters).`;

/**
 * `p := &T{...}` in the loop body, then `append(xs, p)`, with p used in between only through its
 * fields (p.X = ..., copy(p.B[:], ...)): the literal, as if appended directly. Any other use
 * (passed on, stored elsewhere) gives the pointer an identity that matters.
 */
function builtJustFor(ident: Node, append: Node): Node | undefined {
  const d = declarationOf(ident);
  const loop = enclosingLoops(append)[0];
  if (!d?.value || !loop || d.node.type !== 'short_var_declaration' || d.node.startIndex < loop.startIndex) return undefined;
  const body = loop.childForFieldName('body');
  for (const id of body?.descendantsOfType('identifier') ?? []) {
    if (!id || id.text !== ident.text || id.startIndex === ident.startIndex) continue;
    if (id.startIndex >= d.node.startIndex && id.endIndex <= d.node.endIndex) continue; // the declaration
    const viaField = id.parent?.type === 'selector_expression' && id.parent.childForFieldName('operand')?.startIndex === id.startIndex;
    if (!viaField) return undefined;
  }
  return d.value;
}

/**
 * Whether values of a type may be copied into a []T: types holding a mutex, atomics or a noCopy
 * marker (protobuf messages among them) live behind pointers on purpose. Undefined when that
 * cannot be known.
 */
function copyable(pass: Pass, file: SyntaxFile): (type: Node) => boolean | undefined {
  const ctx = fileCtx(pass, file);
  return (type) => {
    const r = ctx && mustNotCopy(pass.resolver, typeExprOf(type), ctx);
    return r === undefined ? undefined : !r;
  };
}

/**
 * The slice's type is this package's to change: a local variable, or a field of a value whose
 * type is declared in this package. A field of another package's type (p.Sample of a
 * *profile.Profile, a generated message's repeated field) is []*T by that package's API.
 */
function ownSlice(slice: Node): boolean {
  let root: Node | null = slice;
  while (root && (root.type === 'selector_expression' || root.type === 'index_expression')) root = root.childForFieldName('operand');
  if (root === slice) return true; // a plain variable
  if (root?.type !== 'identifier') return false;
  const d = declarationOf(root);
  const literal = d?.value?.type === 'unary_expression' ? d.value.childForFieldName('operand') : d?.value;
  // A package-level variable or anything else unknown has no type here: heapwise cannot tell.
  const type = d ? (d.type ?? (literal?.type === 'composite_literal' ? literal.childForFieldName('type') : undefined)) : receiverType(root);
  return type !== undefined && type !== null && !type.text.includes('.');
}

/**
 * The slice's type as written: a variable's declared type, make([]*T, ...) or []*T{...}, or
 * the one type the package's structs give a field of that name.
 */
function sliceTypeOf(pass: Pass, file: SyntaxFile, slice: Node): string | undefined {
  if (slice.type === 'identifier') {
    const d = declarationOf(slice);
    if (d?.type) return d.type.text;
    const v = d?.value;
    if (v?.type === 'call_expression' && v.childForFieldName('function')?.text === 'make') return v.childForFieldName('arguments')?.namedChildren[0]?.text;
    if (v?.type === 'composite_literal') return v.childForFieldName('type')?.text;
    return undefined;
  }
  if (slice.type !== 'selector_expression') return undefined;
  const field = slice.childForFieldName('field')?.text;
  const types = new Set<string>();
  for (const path of packageFiles(pass, file)) {
    for (const f of pass.syntax(path)?.all('type_spec').flatMap((t) => t.descendantsOfType('field_declaration')) ?? []) {
      if (f?.childrenForFieldName('name').some((n) => n?.text === field)) types.add(f.childForFieldName('type')?.text ?? '?');
    }
  }
  return types.size === 1 ? [...types][0] : undefined;
}

/**
 * A slice of another package's *T handed to a call (store.StoreLogs(logs)) or put in a field of
 * a composite literal (&ast.FieldList{List: list}): that API decides it is []*T.
 */
function passedOn(slice: Node): boolean {
  if (slice.type !== 'identifier') return false;
  const fn = enclosingFunction(slice);
  const called = (fn?.descendantsOfType('call_expression') ?? []).some((call) => {
    if (!call || /^(append|len|cap|copy)$/.test(call.childForFieldName('function')?.text ?? '')) return false;
    return call.childForFieldName('arguments')?.namedChildren.some((a) => a?.text === slice.text) ?? false;
  });
  return called || (fn?.descendantsOfType('keyed_element') ?? []).some((e) => e?.namedChildren[1]?.text === slice.text);
}

export const pointerSlice: Analyzer = {
  id: 'pointer-slice',
  title: '[]*T of small T filled with &T{...} in a loop',
  doc,
  url: docsUrl('pointer-slice'),
  severity: 'info',
  needs: 'bodies',
  run(pass) {
    for (const file of eachFileOf(pass)) {
      const size = sizer(pass, file);
      if (!size) continue;
      // xs = append(xs, &T{...}) and xs[i] = &T{...} into a slice of pointers, in a loop.
      const stores: { slice: Node; value: Node | undefined }[] = [];
      for (const call of file.all('call_expression')) {
        if (call.childForFieldName('function')?.text !== 'append' || enclosingLoops(call).length === 0) continue;
        const args = call.childForFieldName('arguments')?.namedChildren.filter((n): n is Node => n !== null) ?? [];
        if (args.length !== 2) continue;
        stores.push({ slice: args[0]!, value: args[1]?.type === 'identifier' ? builtJustFor(args[1]!, call) : args[1] });
      }
      for (const a of file.all('assignment_statement')) {
        const left = a.childForFieldName('left')?.namedChildren[0];
        const right = a.childForFieldName('right')?.namedChildren[0];
        const slice = left?.type === 'index_expression' ? left.childForFieldName('operand') : undefined;
        if (!slice || !right || a.childForFieldName('operator')?.text !== '=' || enclosingLoops(a).length === 0) continue;
        const d = slice.type === 'identifier' ? declarationOf(slice) : undefined;
        const written = d?.type?.text ?? (d?.value?.type === 'call_expression' ? d.value.childForFieldName('arguments')?.namedChildren[0]?.text : undefined);
        if (!written?.startsWith('[]*')) continue; // a map or a slice of values
        stores.push({ slice, value: right });
      }
      for (const { slice, value: lit } of stores) {
        if (lit?.type !== 'unary_expression' || lit.childForFieldName('operator')?.text !== '&') continue;
        const composite = lit.childForFieldName('operand');
        const type = composite?.type === 'composite_literal' ? composite.childForFieldName('type') : undefined;
        if (!type || (type.type !== 'type_identifier' && type.type !== 'qualified_type')) continue;
        const bytes = size(type);
        if (bytes === undefined || bytes > smallBytes || copyable(pass, file)(type) !== true || !ownSlice(slice)) continue;
        // The slice must be declared as []*T: appending &T{} to a []Interface keeps pointers
        // on purpose, and an unknown type stays unknown.
        if (!sliceTypeOf(pass, file, slice)?.startsWith('[]*')) continue;
        if (type.type === 'qualified_type' && passedOn(slice)) continue;
        report(pass, file, lit, {
          message: `&${type.text}{...} (${bytes} bytes) is allocated on its own for each element of ${slice.text}: a []${type.text} stores them in one allocation the GC scans at once`,
          data: { bytes },
        });
      }
    }
  },
};
