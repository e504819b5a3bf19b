// `collectEscapes`: the compiler's escape and inlining decisions for some packages, explained.
// Facts are cached per package, keyed by the contents of its files and of the non-standard
// packages it imports, the Go version, GOOS/GOARCH and the flags, so a second run on an
// unchanged module compiles nothing.
import { InputError } from '../core/errors.js';
import { trace } from '../core/trace.js';
import { heapwiseVersion } from '../core/version.js';
import { goEnv } from '../go/env.js';
import { cacheGet, cacheKey, cachePut } from '../source/cache.js';
import { goParser } from '../source/parser.js';
import { compileForFacts } from './compile.js';
import { displayPath, explain, type Escape } from './explain.js';
import type { InliningFact, LeakFact, NoEscapeFact, OtherFact, PackageFacts } from './model.js';
import { posKey } from './model.js';
import { packageNames, withInlining } from './package-source.js';
import { listEscapePackages, type EscapePackage } from './packages.js';
import { SiteFinder } from './site.js';

export interface EscapeOptions {
  dir: string;
  patterns: string[];
}

export interface EscapeReport {
  version: string;
  goVersion: string;
  goarch: string;
  escapes: Escape[];
  inlining: InliningFact[];
  leaks: LeakFact[];
  noEscape: NoEscapeFact[];
  other: OtherFact[];
  stats: { packages: number; compiled: number; cached: number; unrecognizedLines: number };
}

/** Bump when the cached facts change shape or meaning. */
const factsFormat = 'escape-facts-4';

/** The environment that changes what the compiler decides, besides the files. */
const flagInputs = ['-m=2 -json=0', 'GOFLAGS', 'GOAMD64', 'GOARM64', 'GOARM', 'GO386', 'GOEXPERIMENT', 'CGO_ENABLED'];

export async function collectEscapes(options: EscapeOptions): Promise<EscapeReport> {
  const patterns = options.patterns.length > 0 ? options.patterns : ['./...'];
  const [env, listed] = await Promise.all([goEnv(options.dir), listEscapePackages(options.dir, patterns).catch((e: unknown) => e)]);
  if (options.patterns.length === 0 && (!env.gomod || env.gomod === '/dev/null')) {
    throw new InputError(`not inside a Go module (no go.mod in ${options.dir} or any parent); run heapwise in a module, pass -C <dir>, or name packages`);
  }
  if (listed instanceof Error) throw listed;
  const pkgs = listed as EscapePackage[];
  trace(`escape: go env, go list (${pkgs.length} packages)`);
  const inputs = [env.goVersion, env.goos, env.goarch, ...flagInputs.map((k) => `${k}=${process.env[k] ?? ''}`)];
  const extra = env.gomod && env.gomod !== '/dev/null' ? [env.gomod] : [];

  const facts = new Map<string, PackageFacts>();
  const keys = new Map<string, string>();
  const misses: string[] = [];
  for (const p of pkgs) {
    const key = cacheKey(factsFormat, [...p.files, ...p.depFiles, ...extra], ...inputs);
    keys.set(p.importPath, key);
    const hit = cacheGet<PackageFacts>(key);
    if (hit) facts.set(p.importPath, hit);
    else misses.push(p.importPath);
  }
  const owner = new Map<string, string>();
  for (const p of pkgs) for (const f of p.files) owner.set(f, p.importPath);
  // The compiler runs in its own process; read and parse the sources meanwhile.
  const compiling = misses.length > 0 ? compileForFacts(options.dir, misses, (f) => owner.get(f)) : undefined;
  compiling?.catch(() => undefined); // awaited below; no unhandled rejection while we parse
  const sites = new SiteFinder(await goParser());
  const names = new Map(pkgs.map((p) => [p.importPath, packageNames(p.files)]));
  for (const p of pkgs) for (const f of p.files) sites.prime(f);
  trace('escape: sources read and parsed');
  let unrecognized = 0;
  if (compiling) {
    const compiled = await compiling;
    trace(`escape: compiled and parsed ${misses.length} packages`);
    unrecognized = compiled.unrecognized.length;
    for (const ip of misses) {
      const f = compiled.packages.get(ip) ?? { pkg: ip, heap: [], leaks: [], noEscape: [], inlining: [], other: [] };
      facts.set(ip, f);
      cachePut(keys.get(ip)!, f);
    }
  }

  const display = displayPath(options.dir === '.' ? process.cwd() : options.dir);
  const report: EscapeReport = {
    version: heapwiseVersion,
    goVersion: env.goVersion,
    goarch: env.goarch,
    escapes: [],
    inlining: [],
    leaks: [],
    noEscape: [],
    other: [],
    stats: { packages: pkgs.length, compiled: misses.length, cached: pkgs.length - misses.length, unrecognizedLines: unrecognized },
  };
  // The compiler prints some decisions more than once: a function compiled twice in one
  // package, or generic code instantiated by several packages. Each is one allocation site.
  const seen = new Set<string>();
  for (const p of pkgs) {
    const f = facts.get(p.importPath)!;
    const pkgNames = withInlining(names.get(p.importPath)!, f.inlining);
    for (const d of f.heap) {
      const k = `${posKey(d)}\0${d.kind}\0${d.expr}`;
      if (seen.has(k)) continue;
      seen.add(k);
      report.escapes.push(explain(d, pkgNames, sites, display));
    }
    const rel = <T extends { file: string }>(x: T): T => ({ ...x, file: display(x.file) });
    report.inlining.push(...f.inlining.map(rel));
    report.leaks.push(...f.leaks.map(rel));
    report.noEscape.push(...f.noEscape.map(rel));
    report.other.push(...f.other.map(rel));
  }
  linkClosures(report.escapes);
  trace(`escape: explained ${report.escapes.length} heap decisions`);
  report.escapes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  return report;
}

/**
 * A variable captured by a closure escapes because the closure does: end its chain with the
 * func literal's own decision and reason (the nearest escaping func literal that starts before
 * the capture, in the same file and function).
 */
function linkClosures(escapes: Escape[]): void {
  for (const e of escapes) {
    if (e.cause !== 'closure-capture') continue;
    const capture = e.steps.find((s) => s.message.endsWith(': captured by a closure'));
    if (!capture) continue;
    const before = (x: { line: number; column: number }) => x.line < capture.line || (x.line === capture.line && x.column <= capture.column);
    const literal = escapes
      .filter((c) => c !== e && c.kind === 'closure' && c.file === e.file && c.function === e.function && before(c))
      .sort((a, b) => b.line - a.line || b.column - a.column)[0];
    if (!literal) continue;
    e.steps.push({ file: literal.file, line: literal.line, column: literal.column, message: `func literal: escapes to heap, ${literal.summary}` });
  }
}
