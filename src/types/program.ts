// The packages of one run and their declarations, loaded from source on demand: the matched
// packages are parsed up front; a dependency (the module's own, a required module's or the
// standard library's) only when one of its types or constants is needed.
import type { Parser } from 'web-tree-sitter';
import type { GoPackage } from '../go/list.js';
import type { ConstDecl, FileDecls, TypeDecl, VarDecl } from '../source/model.js';
import { cachePut } from '../source/cache.js';
import { loadPackageSync, type LoadedPackage } from '../source/load.js';
import { parseRanges } from '../source/parse-file.js';
import { readSource } from '../source/read.js';

export interface Declared<T> {
  decl: T;
  file: FileDecls;
}

export class PackageScope {
  readonly types = new Map<string, Declared<TypeDecl>>();
  readonly consts = new Map<string, Declared<ConstDecl>>();
  readonly vars = new Map<string, Declared<VarDecl>>();
  /** Constants were parsed on demand since loading: the cached declarations can learn them. */
  private grown = false;
  /** Declarations inside function bodies, by file path and `scope:name`. */
  private readonly local = new Map<string, Map<string, TypeDecl | ConstDecl>>();

  constructor(
    readonly pkg: GoPackage,
    readonly files: FileDecls[],
    private readonly parser: Parser,
    private readonly cacheKey?: string,
  ) {
    for (const f of files) this.index(f);
  }

  /** Writes the declarations back to the cache when constants were parsed since loading. */
  saveGrown(): void {
    if (this.grown && this.cacheKey) cachePut(this.cacheKey, this.files);
    this.grown = false;
  }

  private index(f: FileDecls): void {
    for (const t of f.types) if (t.scope === -1) this.types.set(t.name, { decl: t, file: f });
    for (const c of f.consts) if (c.scope === -1) this.consts.set(c.name, { decl: c, file: f });
    for (const v of f.vars) if (v.scope === -1) this.vars.set(v.name, { decl: v, file: f });
  }

  /**
   * Parses the const and var groups, skipped by the first pass, that mention `name`: a
   * package like syscall has thousands of constants and an array length needs one or two.
   */
  private loadLazy(name: string): void {
    const word = new RegExp(`\\b${name.replace(/[^\w]/g, '')}\\b`);
    for (const f of this.files) {
      if (f.lazy.length === 0) continue;
      const text = readSource(f.path);
      const hits = f.lazy.filter((r) => word.test(text.slice(r.start, r.end)));
      if (hits.length === 0) continue;
      f.lazy = f.lazy.filter((r) => !hits.includes(r));
      this.grown = true;
      // Constants keep the imports of their own file: they are added to it.
      const more = parseRanges(this.parser, f.path, text, hits, []);
      f.consts.push(...more.consts);
      f.vars.push(...more.vars);
      for (const c of more.consts) if (c.scope === -1) this.consts.set(c.name, { decl: c, file: f });
      for (const v of more.vars) if (v.scope === -1) this.vars.set(v.name, { decl: v, file: f });
    }
  }

  lookupConst(name: string): Declared<ConstDecl> | undefined {
    const found = this.consts.get(name);
    if (found) return found;
    this.loadLazy(name);
    return this.consts.get(name);
  }

  lookupVar(name: string): Declared<VarDecl> | undefined {
    const found = this.vars.get(name);
    if (found) return found;
    this.loadLazy(name);
    return this.vars.get(name);
  }

  /**
   * A type or constant declared inside a function body. Go scopes are blocks; heapwise keys
   * them by function, and a name declared twice in one function is ambiguous (undefined).
   */
  lookupLocal(file: FileDecls, scope: number, name: string): TypeDecl | ConstDecl | undefined | 'ambiguous' {
    let m = this.local.get(file.path);
    if (!m) {
      m = new Map();
      const put = (key: string, d: TypeDecl | ConstDecl) => {
        const prior = m!.get(key);
        m!.set(key, prior ? ({ ambiguous: true } as unknown as TypeDecl) : d);
      };
      for (const t of file.types) if (t.scope >= 0) put(`${t.scope}:${t.name}`, t);
      for (const c of file.consts) if (c.scope >= 0) put(`${c.scope}:${c.name}`, c);
      this.local.set(file.path, m);
    }
    const d = m.get(`${scope}:${name}`);
    if (d && (d as unknown as { ambiguous?: boolean }).ambiguous) return 'ambiguous';
    return d;
  }
}

export class Program {
  private readonly scopes = new Map<string, PackageScope>();

  constructor(
    readonly packages: Map<string, GoPackage>,
    private readonly parser: Parser,
    loaded: Map<string, LoadedPackage>,
  ) {
    for (const [importPath, l] of loaded) {
      const pkg = packages.get(importPath);
      if (pkg) this.scopes.set(importPath, new PackageScope(pkg, l.decls, parser, l.cacheKey));
    }
  }

  /** Lets the cache keep the constants parsed on demand in this run. */
  saveGrown(): void {
    for (const s of this.scopes.values()) s.saveGrown();
  }

  /** The package with this (resolved) import path, parsed on first use. */
  package(importPath: string): PackageScope | undefined {
    const known = this.scopes.get(importPath);
    if (known) return known;
    const pkg = this.packages.get(importPath);
    if (!pkg) return undefined;
    const l = loadPackageSync(pkg, 'types', this.parser);
    const scope = new PackageScope(pkg, l.decls, this.parser, l.cacheKey);
    this.scopes.set(importPath, scope);
    return scope;
  }

  /** Resolves an import path as written in a file of `from` (vendoring, import maps). */
  importPath(from: GoPackage, written: string): string {
    return from.importMap[written] ?? written;
  }
}
