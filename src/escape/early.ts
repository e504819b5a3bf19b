// Starting the compile before go list answers. go env and go list take 30-300 ms (the longer
// when the Go build cache has just been filled); waiting for them before the compile would add
// all of that to every cold run. So the compile starts at once, on a guess, and go list's answer
// decides afterwards whether the guess serves:
//
// - The listing of the previous run with the same directory, patterns and flags is kept in the
//   cache. Its packages' cache keys, computed again from today's file contents, say which
//   packages would miss; those are compiled by import path. None would miss: no compile.
// - With no previous listing (a first run, or the cache off), the packages matching the user's
//   patterns are compiled, with the patterns themselves as the -gcflags package patterns. The
//   go command matches a -gcflags pattern against packages as it matches the command line,
//   so every package go list names is compiled with diagnostics.
//
// go list is always the authority: the keys are computed again from its answer, and a guess
// that does not cover every package that misses is stopped and replaced by the exact compile.
import path from 'node:path';
import { cacheGet, cacheKey, cachePut } from '../source/cache.js';
import type { GoEnv } from '../go/env.js';
import { startCompile, type CompileRun } from './compile.js';
import type { PackageFacts } from './model.js';
import type { EscapePackage } from './packages.js';

/** What go list said last time, enough to compute the packages' cache keys again. */
export interface Listing {
  env: Pick<GoEnv, 'goVersion' | 'goos' | 'goarch' | 'gomod'>;
  /** Files per package, for the listed packages and their non-standard dependencies. */
  files: Record<string, string[]>;
  packages: { importPath: string; deps: string[] }[];
}

export interface EarlyStart {
  listingKey: string;
  previous: Listing | undefined;
  /** Cache entries read while guessing, by key, so they are not read twice. */
  hits: Map<string, PackageFacts>;
  compile?: {
    run: CompileRun;
    /** The import paths compiled, or undefined when compiled by the user's patterns. */
    packages: string[] | undefined;
  };
}

const listingFormat = 'escape-listing-1';

/** Pattern words the go command gives a meaning of its own; with them, wait for go list. */
const reserved = new Set(['all', 'std', 'cmd', 'main', 'tool', 'work']);

export function listingKey(dir: string, patterns: string[], flags: string[]): string {
  return cacheKey(listingFormat, [], path.resolve(dir), ...patterns, ...flags);
}

export function factsKey(factsFormat: string, p: { files: string[]; depFiles: string[] }, env: Listing['env'], flags: string[]): string {
  const extra = env.gomod && env.gomod !== '/dev/null' ? [env.gomod] : [];
  return cacheKey(factsFormat, [...p.files, ...p.depFiles, ...extra], env.goVersion, env.goos, env.goarch, ...flags);
}

/** The listing the previous run with these inputs kept, if any. */
export function previousListing(dir: string, patterns: string[], flags: string[]): { listingKey: string; previous: Listing | undefined } {
  const key = listingKey(dir, patterns, flags);
  return { listingKey: key, previous: cacheGet<Listing>(key) };
}

export function startEarly(
  options: { dir: string; patterns: string[]; flags: string[]; factsFormat: string; onPackage?: (importPath: string) => void },
  { listingKey: key, previous }: { listingKey: string; previous: Listing | undefined },
): EarlyStart {
  const hits = new Map<string, PackageFacts>();
  const start = (packages: string[]) => startCompile({ cwd: options.dir, packages, plainErrors: false, onPackage: options.onPackage });
  if (previous) {
    let misses: string[] | undefined;
    try {
      misses = [];
      for (const p of previous.packages) {
        const depFiles = p.deps.flatMap((d) => previous.files[d] ?? []);
        const k = factsKey(options.factsFormat, { files: previous.files[p.importPath] ?? [], depFiles }, previous.env, options.flags);
        const hit = cacheGet<PackageFacts>(k);
        if (hit) hits.set(k, hit);
        else misses.push(p.importPath);
      }
    } catch {
      misses = undefined; // a file has gone: the listing is out of date, guess from the patterns
    }
    if (misses) {
      return { listingKey: key, previous, hits, compile: misses.length > 0 ? { run: start(misses), packages: misses } : undefined };
    }
  }
  const byPattern = options.patterns.every((p) => !reserved.has(p) && !p.endsWith('.go') && !p.startsWith('-'));
  return { listingKey: key, previous, hits, compile: byPattern ? { run: start(options.patterns), packages: undefined } : undefined };
}

/** Whether the early compile compiles every package that missed in the cache. */
export function covers(early: EarlyStart['compile'], misses: string[]): boolean {
  if (!early) return false;
  if (!early.packages) return true;
  const compiled = new Set(early.packages);
  return misses.every((m) => compiled.has(m));
}

/** Keep go list's answer for the next run's guess (written only when it changed). */
export function rememberListing(key: string, env: GoEnv, pkgs: EscapePackage[], previous: Listing | undefined): void {
  const files: Record<string, string[]> = {};
  const packages: Listing['packages'] = [];
  for (const p of pkgs) {
    files[p.importPath] = p.files;
    for (const d of p.depPackages) files[d.importPath] ??= d.files;
    packages.push({ importPath: p.importPath, deps: p.depPackages.map((d) => d.importPath) });
  }
  const listing: Listing = { env: { goVersion: env.goVersion, goos: env.goos, goarch: env.goarch, gomod: env.gomod }, files, packages };
  if (previous && JSON.stringify(previous) === JSON.stringify(listing)) return;
  cachePut(key, listing);
}
