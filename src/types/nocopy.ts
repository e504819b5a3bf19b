// Whether a type must not be copied, the way `go vet`'s copylocks sees it: it holds, by value
// (in a field, an embedded field or an array, even a zero-length one), a sync lock or
// primitive, a sync/atomic value, or a `noCopy` marker. Generated protobuf messages are the
// common case from other modules: their `state protoimpl.MessageState` holds
// `pragma.DoNotCopy`, a `[0]sync.Mutex`. Followed across packages through the resolver's
// declarations; what cannot be followed is `undefined`, never a guess.
import type { TypeExpr } from '../source/model.js';
import { UnknownSize } from './layout.js';
import type { Ctx, Resolver } from './resolve.js';

const syncTypes = new Set(['Mutex', 'RWMutex', 'WaitGroup', 'Once', 'Cond', 'Map', 'Pool']);

/** Deep enough for real types (a protobuf message is 3 levels down to its mutex). */
const maxDepth = 12;

export function mustNotCopy(resolver: Resolver, t: TypeExpr, ctx: Ctx, depth = 0): boolean | undefined {
  if (depth > maxDepth) return undefined;
  switch (t.k) {
    case 'pointer':
    case 'slice':
    case 'map':
    case 'chan':
    case 'func':
    case 'interface':
      return false; // copying these copies a reference, not the value behind it
    case 'array':
      return mustNotCopy(resolver, t.elem, ctx, depth + 1);
    case 'struct': {
      let unknown = false;
      for (const f of ctx.file.structs[t.struct]!.fields) {
        if (f.names.includes('noCopy')) return true;
        const r = mustNotCopy(resolver, f.type, ctx, depth + 1);
        if (r) return true;
        if (r === undefined) unknown = true;
      }
      return unknown ? undefined : false;
    }
    case 'name': {
      if (t.name === 'noCopy') return true;
      if (ctx.args?.has(t.name) || ctx.typeParams?.has(t.name)) return undefined;
      if (ctx.fn >= 0) {
        const local = ctx.scope.lookupLocal(ctx.file, ctx.fn, t.name);
        if (local === 'ambiguous') return undefined;
        if (local && 'typeParams' in local) return local.typeParams.length > 0 ? undefined : mustNotCopy(resolver, local.type, ctx, depth + 1);
      }
      const declared = ctx.scope.types.get(t.name);
      if (declared) {
        if (declared.decl.typeParams.length > 0) return undefined;
        return mustNotCopy(resolver, declared.decl.type, { scope: ctx.scope, file: declared.file, fn: declared.decl.scope }, depth + 1);
      }
      // Predeclared types copy freely; anything else (a dot import...) is not followed.
      try {
        return resolver.isTypeName(t.name, ctx) ? false : undefined;
      } catch {
        return undefined;
      }
    }
    case 'qual': {
      let target;
      try {
        target = resolver.importedPackage(t.pkg, ctx);
      } catch (e) {
        if (e instanceof UnknownSize) return undefined;
        throw e;
      }
      if (target === 'unsafe') return false;
      const path = target.pkg.importPath;
      if (path === 'sync' && syncTypes.has(t.name)) return true;
      if (path === 'sync/atomic') return true;
      const d = target.types.get(t.name);
      if (!d || d.decl.typeParams.length > 0) return undefined;
      return mustNotCopy(resolver, d.decl.type, { scope: target, file: d.file, fn: d.decl.scope }, depth + 1);
    }
    case 'unknown':
      return undefined;
  }
}
