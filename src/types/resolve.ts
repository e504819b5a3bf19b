// Resolves types as written (TypeExpr) to layouts, across packages, with the scoping rules
// that matter for sizes: function-local types, type parameters and instantiations, imports
// (renamed, dot, vendored), the universe, cgo and unsafe. What cannot be known throws
// UnknownSize with the reason; nothing is guessed.
import type { GoPackage } from '../go/list.js';
import type { ConstDecl, Expr, FileDecls, StructDecl, TypeDecl, TypeExpr } from '../source/model.js';
import type { Arch } from './arch.js';
import { evalConst, type ConstEnv } from './constant.js';
import {
  UnknownSize,
  arrayLayout,
  basicLayout,
  interfaceLayout,
  pointerLayout,
  sliceLayout,
  structLayout,
  type Layout,
} from './layout.js';
import type { PackageScope, Program } from './program.js';

/** Where a type expression is written: its package, file, function and type parameters. */
export interface Ctx {
  scope: PackageScope;
  file: FileDecls;
  /** Index of the enclosing function in file.scopes, or -1. */
  fn: number;
  /** Type arguments of an instantiation, by parameter name. */
  args?: Map<string, () => Layout>;
  /** Type parameter names in scope (of the type being declared or the function). */
  typeParams?: Set<string>;
}

export interface ResolvedField {
  name: string;
  typeText: string;
  layout: Layout;
}

const atomicPackages = new Set(['sync/atomic', 'internal/runtime/atomic', 'runtime/internal/atomic']);

export class Resolver implements ConstEnv {
  private readonly named = new Map<string, Layout | UnknownSize>();
  private readonly inProgress = new Set<string>();

  readonly wordBits: number;

  constructor(
    readonly program: Program,
    readonly arch: Arch,
  ) {
    this.wordBits = arch.ptrSize * 8;
  }

  layoutOf(t: TypeExpr, ctx: Ctx): Layout {
    switch (t.k) {
      case 'pointer':
      case 'map':
      case 'chan':
      case 'func':
        return pointerLayout(this.arch);
      case 'slice':
        return sliceLayout(this.arch);
      case 'interface':
        return interfaceLayout(this.arch);
      case 'array': {
        const n = this.arrayLength(t.len, ctx);
        return arrayLayout(n, this.layoutOf(t.elem, ctx));
      }
      case 'struct':
        return this.structFields(ctx.file.structs[t.struct]!, ctx).layout;
      case 'name':
        return this.nameLayout(t.name, t.args, ctx);
      case 'qual':
        return this.qualLayout(t.pkg, t.name, t.args, ctx);
      case 'unknown':
        throw new UnknownSize(`type not understood: ${t.text}`);
    }
  }

  arrayLength(len: Expr, ctx: Ctx): number {
    const v = evalConst(len, ctx, this);
    if (v.kind !== 'int' || v.value < 0n) throw new UnknownSize('array length is not a non-negative integer constant');
    if (v.value > BigInt(Number.MAX_SAFE_INTEGER)) throw new UnknownSize('array too large');
    return Number(v.value);
  }

  /** Fields of a struct type in declaration order, each with its layout, and the whole. */
  structFields(decl: StructDecl, ctx: Ctx, minAlign = 1): { fields: ResolvedField[]; layout: Layout; offsets: number[] } {
    const fields: ResolvedField[] = [];
    for (const f of decl.fields) {
      const layout = this.layoutOf(f.type, ctx);
      if (f.names.length === 0) fields.push({ name: f.embeddedName ?? '?', typeText: f.typeText, layout });
      for (const name of f.names) fields.push({ name, typeText: f.typeText, layout });
    }
    const { layout, offsets } = structLayout(
      fields.map((f) => f.layout),
      minAlign,
    );
    return { fields, layout, offsets };
  }

  private nameLayout(name: string, args: TypeExpr[] | undefined, ctx: Ctx): Layout {
    const arg = ctx.args?.get(name);
    if (arg) return arg();
    if (ctx.typeParams?.has(name)) throw new UnknownSize(`depends on type parameter ${name}`);
    if (ctx.fn >= 0) {
      const fnScope = ctx.file.scopes[ctx.fn];
      if (fnScope?.typeParams.includes(name)) throw new UnknownSize(`depends on type parameter ${name}`);
      const local = ctx.scope.lookupLocal(ctx.file, ctx.fn, name);
      if (local === 'ambiguous') throw new UnknownSize(`${name} is declared twice in ${fnScope?.name ?? 'a function'}`);
      if (local && 'typeParams' in local) {
        return this.declLayout(ctx.scope, ctx.file, local, args, ctx, `${ctx.file.path}#${ctx.fn}.${name}`);
      }
    }
    const declared = ctx.scope.types.get(name);
    if (declared) {
      return this.declLayout(ctx.scope, declared.file, declared.decl, args, ctx, `${ctx.scope.pkg.importPath}.${name}`);
    }
    // Dot imports bring another package's names in.
    for (const imp of ctx.file.imports) {
      if (imp.name !== '.') continue;
      const other = this.program.package(this.program.importPath(ctx.scope.pkg, imp.path));
      const d = other?.types.get(name);
      if (other && d) return this.declLayout(other, d.file, d.decl, args, ctx, `${other.pkg.importPath}.${name}`);
    }
    const basic = basicLayout(name, this.arch);
    if (basic) return basic;
    throw new UnknownSize(`undefined type ${name}`);
  }

  private qualLayout(alias: string, name: string, args: TypeExpr[] | undefined, ctx: Ctx): Layout {
    const target = this.importedPackage(alias, ctx);
    if (target === 'unsafe') {
      if (name === 'Pointer') return pointerLayout(this.arch);
      throw new UnknownSize(`unsafe.${name}`);
    }
    const d = target.types.get(name);
    if (!d) throw new UnknownSize(`undefined type ${alias}.${name}`);
    return this.declLayout(target, d.file, d.decl, args, ctx, `${target.pkg.importPath}.${name}`);
  }

  /** The package an identifier like `atomic` refers to in this file. */
  importedPackage(alias: string, ctx: Ctx): PackageScope | 'unsafe' {
    for (const imp of ctx.file.imports) {
      if (imp.name === '_' || imp.name === '.') continue;
      if (imp.path === 'C') {
        if (alias === 'C') throw new UnknownSize('cgo type (C.*)');
        continue;
      }
      if (imp.path === 'unsafe') {
        if ((imp.name ?? 'unsafe') === alias) return 'unsafe';
        continue;
      }
      const importPath = this.program.importPath(ctx.scope.pkg, imp.path);
      const pkg: GoPackage | undefined = this.program.packages.get(importPath);
      const localName = imp.name ?? pkg?.name ?? imp.path.slice(imp.path.lastIndexOf('/') + 1);
      if (localName !== alias) continue;
      const scope = this.program.package(importPath);
      if (!scope) throw new UnknownSize(`import ${imp.path} could not be resolved`);
      return scope;
    }
    throw new UnknownSize(`no import named ${alias}`);
  }

  private declLayout(
    scope: PackageScope,
    file: FileDecls,
    decl: TypeDecl,
    args: TypeExpr[] | undefined,
    useCtx: Ctx,
    key: string,
  ): Layout {
    const generic = decl.typeParams.length > 0;
    if (generic && (!args || args.length !== decl.typeParams.length)) {
      throw new UnknownSize(`generic type ${decl.name} used without its type arguments`);
    }
    const argLayouts = new Map<string, () => Layout>();
    if (generic) {
      // Type arguments are resolved where they are written, lazily: a pointer to T needs no size of T.
      decl.typeParams.forEach((p, i) => argLayouts.set(p, () => this.layoutOf(args![i]!, useCtx)));
    }
    const memoKey = generic ? undefined : key;
    if (memoKey) {
      const memo = this.named.get(memoKey);
      if (memo instanceof UnknownSize) throw memo;
      if (memo) return memo;
    }
    const cycleKey = memoKey ?? `${key}[${args?.length}]@${useCtx.file.path}`;
    if (this.inProgress.has(cycleKey)) throw new UnknownSize(`invalid recursive type ${decl.name}`);
    this.inProgress.add(cycleKey);
    try {
      const ctx: Ctx = { scope, file, fn: decl.scope, args: generic ? argLayouts : undefined };
      let layout: Layout;
      if (decl.type.k === 'struct' && decl.name === 'align64' && atomicPackages.has(scope.pkg.importPath)) {
        // sync/atomic's marker: a struct containing it is 8-byte aligned, also on 32-bit platforms.
        layout = this.structFields(file.structs[decl.type.struct]!, ctx, 8).layout;
      } else {
        layout = this.layoutOf(decl.type, ctx);
      }
      if (memoKey) this.named.set(memoKey, layout);
      return layout;
    } catch (e) {
      if (memoKey && e instanceof UnknownSize) this.named.set(memoKey, e);
      throw e;
    } finally {
      this.inProgress.delete(cycleKey);
    }
  }

  // ConstEnv: what constant evaluation needs from the resolver.

  lookupConst(name: string, ctx: Ctx): { decl: ConstDecl; ctx: Ctx } | undefined {
    if (ctx.fn >= 0) {
      const local = ctx.scope.lookupLocal(ctx.file, ctx.fn, name);
      if (local === 'ambiguous') throw new UnknownSize(`${name} is declared twice in one function`);
      if (local && 'iota' in local) return { decl: local, ctx };
    }
    const d = ctx.scope.lookupConst(name);
    if (d) return { decl: d.decl, ctx: { scope: ctx.scope, file: d.file, fn: -1 } };
    for (const imp of ctx.file.imports) {
      if (imp.name !== '.') continue;
      const other = this.program.package(this.program.importPath(ctx.scope.pkg, imp.path));
      const od = other?.lookupConst(name);
      if (other && od) return { decl: od.decl, ctx: { scope: other, file: od.file, fn: -1 } };
    }
    return undefined;
  }

  lookupQualifiedConst(alias: string, name: string, ctx: Ctx): { decl: ConstDecl; ctx: Ctx } | 'unsafe' | undefined {
    const target = this.importedPackage(alias, ctx);
    if (target === 'unsafe') return 'unsafe';
    const d = target.lookupConst(name);
    return d ? { decl: d.decl, ctx: { scope: target, file: d.file, fn: -1 } } : undefined;
  }

  lookupVarType(name: string, ctx: Ctx): { type: TypeExpr; ctx: Ctx } | undefined {
    const d = ctx.scope.lookupVar(name);
    if (!d) return undefined;
    const vctx: Ctx = { scope: ctx.scope, file: d.file, fn: -1 };
    if (d.decl.type) return { type: d.decl.type, ctx: vctx };
    if (d.decl.value?.k === 'composite') return { type: d.decl.value.type, ctx: vctx };
    return undefined;
  }

  isTypeName(name: string, ctx: Ctx): boolean {
    if (ctx.args?.has(name) || ctx.typeParams?.has(name)) return true;
    if (ctx.fn >= 0) {
      const local = ctx.scope.lookupLocal(ctx.file, ctx.fn, name);
      if (local && local !== 'ambiguous' && 'typeParams' in local) return true;
    }
    return ctx.scope.types.has(name) || basicLayout(name, this.arch) !== undefined;
  }

  /** The predeclared type a named type stands for (for typed constant arithmetic). */
  basicKind(t: TypeExpr, ctx: Ctx, depth = 0): string | undefined {
    if (depth > 20) return undefined;
    if (t.k === 'name') {
      if (ctx.scope.types.has(t.name)) {
        const d = ctx.scope.types.get(t.name)!;
        return this.basicKind(d.decl.type, { scope: ctx.scope, file: d.file, fn: -1 }, depth + 1);
      }
      return basicLayout(t.name, this.arch) ? t.name : undefined;
    }
    if (t.k === 'qual') {
      try {
        const target = this.importedPackage(t.pkg, ctx);
        if (target === 'unsafe') return undefined;
        const d = target.types.get(t.name);
        return d ? this.basicKind(d.decl.type, { scope: target, file: d.file, fn: -1 }, depth + 1) : undefined;
      } catch {
        return undefined;
      }
    }
    return undefined;
  }
}
