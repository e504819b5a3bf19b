// huge-param: large structs passed by value, or copied per iteration by range.
import type { Node } from 'web-tree-sitter';
import type { SyntaxFile } from '../source/syntax.js';
import { readSource } from '../source/read.js';
import { matchBrace } from '../source/skim.js';
import { UnknownSize } from '../types/layout.js';
import type { PackageScope } from '../types/program.js';
import { declarationOf } from '../types/local.js';
import { typeExprOf } from '../types/type-node.js';
import { docsUrl, type Analyzer, type Pass } from './analyzer.js';
import { eachFileOf, fileCtx, report } from './body.js';

/** Above this many bytes a copy per call or per iteration is worth a finding. */
export const hugeParamBytes = 256;

const doc = `Reports a value larger than ${hugeParamBytes} bytes (by the compiler's layout for the
target platform) (or the threshold set in heapwise.json) that is copied on every call, as a parameter or a value receiver, or on every
iteration, as the value variable of a range loop over a slice, array or map.

Each call or iteration copies all of it, and a copy that escapes (stored, captured, passed as
an interface) is a heap allocation of that size.

Fix: pass a pointer (*T) or use a pointer receiver; range by index (for i := range xs, then
xs[i]) or over a slice of pointers.

Not reported: values at or under ${hugeParamBytes} bytes (copying small structs is cheaper than
indirection: no escape, better locality), generic functions, types whose size heapwise
cannot know, and parameters of a method that an interface may fix: an interface declared in
the method's package or in the package of the parameter's type has a method of that name
(slog.Handler's Handle(context.Context, slog.Record): a Handle taking *slog.Record would no
longer implement it).`;

export const hugeParam: Analyzer = {
  id: 'huge-param',
  title: `structs over ${hugeParamBytes} bytes copied per call or per range iteration`,
  doc,
  url: docsUrl('huge-param'),
  severity: 'info',
  needs: 'bodies',
  run(pass) {
    const limit = pass.settings.threshold ?? hugeParamBytes;
    for (const file of eachFileOf(pass)) {
      const size = sizer(pass, file);
      if (!size) continue;
      for (const fn of [...file.all('function_declaration'), ...file.all('method_declaration')]) {
        if (fn.childForFieldName('type_parameters') || isGenericReceiver(fn)) continue;
        const name = fn.childForFieldName('name')?.text ?? '';
        const recv = fn.childForFieldName('receiver')?.namedChildren.filter((n): n is Node => n?.type === 'parameter_declaration') ?? [];
        const params = fn.childForFieldName('parameters')?.namedChildren.filter((n): n is Node => n?.type === 'parameter_declaration') ?? [];
        for (const p of [...recv.map((p) => ({ p, receiver: true })), ...params.map((p) => ({ p, receiver: false }))]) {
          const t = p.p.childForFieldName('type');
          const bytes = t && size(t);
          if (!t || bytes === undefined || bytes === null || bytes <= limit) continue;
          if (!p.receiver && recv.length > 0 && interfaceMayFix(pass, file, name, t)) continue;
          const names = p.p.childrenForFieldName('name').map((n) => n?.text).join(', ') || '_';
          report(pass, file, p.p, {
            message: p.receiver
              ? `value receiver ${names} ${t.text} (${bytes} bytes) is copied on every call of ${name}: use a pointer receiver`
              : `parameter ${names} ${t.text} (${bytes} bytes) is copied on every call of ${name}: pass *${t.text}`,
            data: { bytes },
          });
        }
      }
      for (const range of file.all('range_clause')) {
        const left = range.childForFieldName('left')?.namedChildren ?? [];
        const value = left[1];
        const over = range.childForFieldName('right');
        if (!value || value.text === '_' || over?.type !== 'identifier') continue;
        const elem = elementType(over);
        const bytes = elem && size(elem);
        if (!elem || bytes === undefined || bytes <= limit) continue;
        report(pass, file, value, {
          message: `each iteration copies a ${bytes}-byte ${elem.text} into ${value.text}: range by index (for i := range ${over.text}) or over pointers`,
          data: { bytes },
        });
      }
    }
  },
};

/** Sizes type nodes of this file with the resolver; undefined when a size cannot be known. */
export function sizer(pass: Pass, file: SyntaxFile): ((type: Node) => number | undefined) | undefined {
  const ctx = fileCtx(pass, file);
  if (!ctx) return undefined;
  return (type) => {
    try {
      return pass.resolver.layoutOf(typeExprOf(type), ctx).size;
    } catch (e) {
      if (e instanceof UnknownSize) return undefined;
      throw e;
    }
  };
}

/**
 * Whether an interface in the method's own package, or in the package that declares the
 * parameter's type, has a method named `method`: the method may implement it, and then its
 * signature is not the author's to change.
 */
function interfaceMayFix(pass: Pass, file: SyntaxFile, method: string, type: Node): boolean {
  const ctx = fileCtx(pass, file);
  if (!ctx) return true; // cannot tell: stay silent
  const scopes: PackageScope[] = [ctx.scope];
  const qualifier = type.type === 'qualified_type' ? type.childForFieldName('package')?.text : undefined;
  if (qualifier) {
    try {
      const imported = pass.resolver.importedPackage(qualifier, ctx);
      if (imported === 'unsafe') return false;
      scopes.push(imported);
    } catch (e) {
      if (e instanceof UnknownSize) return true;
      throw e;
    }
  }
  return scopes.some((s) => interfaceMethods(s).has(method));
}

const interfaceMethodsOf = new WeakMap<PackageScope, Set<string>>();

/** Names of the methods the package's interface types list (embedded interfaces not followed). */
function interfaceMethods(scope: PackageScope): Set<string> {
  let names = interfaceMethodsOf.get(scope);
  if (names) return names;
  names = new Set();
  // Positions are UTF-8 byte offsets: each file is converted once, however many interfaces it has.
  const bytes = new Map<string, Buffer>();
  for (const { decl, file } of scope.types.values()) {
    if (decl.type.k !== 'interface' || decl.type.empty) continue;
    if (!bytes.has(file.path)) bytes.set(file.path, Buffer.from(readSource(file.path)));
    // The body is the first {...} after the name.
    const text = bytes.get(file.path)!.subarray(decl.pos.offset).toString();
    const open = text.indexOf('{');
    const end = open < 0 ? -1 : matchBrace(text, open);
    if (end < 0) continue;
    const body = text.slice(open + 1, end - 1).replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '');
    for (const m of body.matchAll(/(?:^|[\n;])\s*([A-Za-z_]\w*)\s*\(/g)) names.add(m[1]!);
  }
  interfaceMethodsOf.set(scope, names);
  return names;
}

/** The element type of a slice or array variable, as written. */
function elementType(ident: Node): Node | undefined {
  const d = declarationOf(ident);
  const t = d?.type ?? (d?.value?.type === 'composite_literal' ? d.value.childForFieldName('type') : undefined);
  if (t?.type === 'map_type') return t.childForFieldName('value') ?? undefined;
  if (t?.type !== 'slice_type' && t?.type !== 'array_type') return undefined;
  return t.childForFieldName('element') ?? undefined;
}

function isGenericReceiver(fn: Node): boolean {
  return fn.childForFieldName('receiver')?.descendantsOfType('type_arguments').some((n) => n !== null) ?? false;
}
