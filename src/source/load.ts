// Declarations of whole packages: from the cache when their files are unchanged, otherwise
// parsed (and then cached).
import type { Parser } from 'web-tree-sitter';
import { cacheGet, cacheKey, cachePut } from './cache.js';
import type { FileDecls } from './model.js';
import type { ParsePool } from './parse-all.js';
import { parseFile, type ParseMode } from './parse-file.js';

export interface PackageFiles {
  importPath: string;
  files: string[];
}

export interface LoadedPackage {
  decls: FileDecls[];
  /** Where the declarations are cached (rewritten when constants are parsed later). */
  cacheKey: string;
}

export async function loadPackages(pkgs: PackageFiles[], mode: ParseMode, pool: ParsePool): Promise<Map<string, LoadedPackage>> {
  const out = new Map<string, LoadedPackage>();
  const misses: { pkg: PackageFiles; key: string }[] = [];
  for (const pkg of pkgs) {
    const key = cacheKey(`decls ${mode}`, pkg.files);
    const cached = cacheGet<FileDecls[]>(key);
    if (cached) out.set(pkg.importPath, { decls: cached, cacheKey: key });
    else misses.push({ pkg, key });
  }
  const parsed = await pool.parse(
    misses.flatMap((m) => m.pkg.files),
    mode,
  );
  let at = 0;
  for (const m of misses) {
    const decls = parsed.slice(at, at + m.pkg.files.length);
    at += m.pkg.files.length;
    out.set(m.pkg.importPath, { decls, cacheKey: m.key });
    if (!decls.some((d) => d.problem)) cachePut(m.key, decls);
  }
  return out;
}

export function loadPackageSync(pkg: PackageFiles, mode: ParseMode, parser: Parser): LoadedPackage {
  const key = cacheKey(`decls ${mode}`, pkg.files);
  const cached = cacheGet<FileDecls[]>(key);
  if (cached) return { decls: cached, cacheKey: key };
  const decls = pkg.files.map((f) => parseFile(parser, f, mode));
  if (!decls.some((d) => d.problem)) cachePut(key, decls);
  return { decls, cacheKey: key };
}
