// Every struct type of the analysed packages, laid out as declared and in fieldalignment's
// optimal order, with the reason when a size cannot be known or the layout is fixed on purpose.
import path from 'node:path';
import type { StructInfo } from '../core/report.js';
import type { FileDecls, StructDecl } from '../source/model.js';
import { UnknownSize, optimalOrder, structLayout } from './layout.js';
import type { PackageScope } from './program.js';
import { Resolver, type Ctx } from './resolve.js';
import { sizeClass } from './size-classes.js';

export interface AnalysedStruct {
  info: StructInfo;
  decl: StructDecl;
  file: FileDecls;
  scope: PackageScope;
  /** Indexes into info.fields in the optimal order (empty when unknown). */
  order: number[];
}

export function analyseStructs(resolver: Resolver, scopes: PackageScope[], root: string): AnalysedStruct[] {
  const out: AnalysedStruct[] = [];
  for (const scope of scopes) {
    for (const file of scope.files) {
      const rel = toSlash(path.relative(root, file.path));
      for (const decl of file.structs) out.push(analyseOne(resolver, scope, file, decl, rel));
    }
  }
  return out;
}

function analyseOne(resolver: Resolver, scope: PackageScope, file: FileDecls, decl: StructDecl, rel: string): AnalysedStruct {
  const info: StructInfo = {
    package: scope.pkg.importPath,
    name: decl.name,
    file: rel,
    line: decl.pos.line,
    column: decl.pos.column,
    size: 0,
    optimalSize: 0,
    ptrBytes: 0,
    optimalPtrBytes: 0,
    align: 0,
    fields: [],
    optimalOrder: [],
  };
  const fixed = layoutFixedReason(resolver, scope, file, decl);
  if (fixed) info.layoutFixed = fixed;
  const ctx: Ctx = { scope, file, fn: decl.scope, typeParams: typeParamsOf(file, decl) };
  try {
    const { fields, layout, offsets } = resolver.structFields(decl, ctx);
    info.size = layout.size;
    info.align = layout.align;
    info.ptrBytes = layout.ptrBytes;
    info.fields = fields.map((f, i) => ({
      name: f.name,
      type: f.typeText,
      offset: offsets[i]!,
      size: f.layout.size,
      align: f.layout.align,
    }));
    const order = optimalOrder(fields.map((f) => f.layout));
    const optimal = structLayout(order.map((i) => fields[i]!.layout)).layout;
    info.optimalSize = optimal.size;
    info.optimalPtrBytes = optimal.ptrBytes;
    info.optimalOrder = order.map((i) => fields[i]!.name);
    info.sizeClass = sizeClass(info.size);
    info.optimalSizeClass = sizeClass(info.optimalSize);
    return { info, decl, file, scope, order };
  } catch (e) {
    if (!(e instanceof UnknownSize)) throw e;
    info.unknown = e.message;
    return { info, decl, file, scope, order: [] };
  }
}

/** Type parameters in scope where the struct is written: of its own type, or its function. */
function typeParamsOf(file: FileDecls, decl: StructDecl): Set<string> | undefined {
  const names = new Set<string>();
  for (const t of file.types) {
    if (t.type.k === 'struct' && file.structs[t.type.struct] === decl) t.typeParams.forEach((p) => names.add(p));
  }
  if (decl.scope >= 0) file.scopes[decl.scope]?.typeParams.forEach((p) => names.add(p));
  return names.size > 0 ? names : undefined;
}

/**
 * A layout fixed on purpose must not be reordered: a `_ structs.HostLayout` field (the layout
 * follows the platform's C ABI) or a `//heapwise:layout fixed` comment on the type.
 */
function layoutFixedReason(resolver: Resolver, scope: PackageScope, file: FileDecls, decl: StructDecl): string | undefined {
  if (decl.doc.some((l) => /^\/\/\s*heapwise:layout\s+fixed\b/.test(l))) return 'marked //heapwise:layout fixed';
  for (const f of decl.fields) {
    if (f.type.k !== 'qual' || f.type.name !== 'HostLayout') continue;
    try {
      const target = resolver.importedPackage(f.type.pkg, { scope, file, fn: decl.scope });
      if (target !== 'unsafe' && target.pkg.importPath === 'structs') return 'has a structs.HostLayout field';
    } catch {
      // not the structs package
    }
  }
  return undefined;
}

export function toSlash(p: string): string {
  return p.split(path.sep).join('/');
}
