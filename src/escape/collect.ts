// `collectEscapes`: the compiler's escape and inlining decisions for some packages, explained.
// Facts are cached per package, keyed by the contents of its files and of the non-standard
// packages it imports, the Go version, GOOS/GOARCH and the flags, so a second run on an
// unchanged module compiles nothing.
import { InputError } from '../core/errors.js';
import { pushAll } from '../core/arrays.js';
import { trace } from '../core/trace.js';
import { heapwiseVersion } from '../core/version.js';
import { goEnv, type GoEnv } from '../go/env.js';
import { cacheGet, cachePutLater } from '../source/cache.js';
import { buildErrors, CompileFailed, joinCompile, startCompile, type CompileRun, type RawCompile } from './compile.js';
import { covers, factsKey, previousListing, rememberListing, startEarly } from './early.js';
import { displayPath, explain, type Escape } from './explain.js';
import type { InliningFact, LeakFact, NoEscapeFact, OtherFact, PackageFacts } from './model.js';
import { posKey } from './model.js';
import { packageNames, withInlining } from './package-source.js';
import { listEscapePackages, type Listing } from './packages.js';
import { CompileProgress, type ProgressListener } from './progress.js';
import { SiteFinder } from './site.js';

export interface EscapeOptions {
  dir: string;
  patterns: string[];
  /**
   * Packages compiled so far out of those being compiled, as the compile goes (the total is
   * undefined until go list has answered). Not called when nothing needs compiling.
   */
  onProgress?: ProgressListener;
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

/** The package that .go files named on the command line make up. */
const commandLinePackage = 'command-line-arguments';

/** Bump when the cached facts change shape or meaning. */
const factsFormat = 'escape-facts-5';

/** The environment that changes what the compiler decides, besides the files. */
const flagInputs = ['-m=2 -json=0', 'GOFLAGS', 'GOAMD64', 'GOARM64', 'GOARM', 'GO386', 'GOEXPERIMENT', 'CGO_ENABLED'];

export async function collectEscapes(options: EscapeOptions): Promise<EscapeReport> {
  const patterns = options.patterns.length > 0 ? options.patterns : ['./...'];
  const flags = flagInputs.map((k) => `${k}=${process.env[k] ?? ''}`);
  const progress = new CompileProgress(options.onProgress);
  // The compile is most of the time: it starts now, beside go env and go list, on a guess of
  // what needs compiling that go list's answer then checks (early.ts).
  // With a previous listing to check (hashing files), go list starts first; without, the compile.
  const previous = previousListing(options.dir, patterns, flags);
  const listing = () => Promise.all([goEnv(options.dir).catch((e: unknown) => e), listEscapePackages(options.dir, patterns).catch((e: unknown) => e)]);
  const listingFirst = previous.previous ? listing() : undefined;
  const onPackage = options.onProgress ? progress.onPackage : undefined;
  const early = startEarly({ dir: options.dir, patterns, flags, factsFormat, onPackage }, previous);
  early.compile?.run.done.catch(() => undefined); // awaited or abandoned below
  const [env, listed] = await (listingFirst ?? listing());
  try {
    if (env instanceof Error) throw env;
    if (options.patterns.length === 0 && (!(env as GoEnv).gomod || (env as GoEnv).gomod === '/dev/null')) {
      throw new InputError(`not inside a Go module (no go.mod in ${options.dir} or any parent); run heapwise in a module, pass -C <dir>, or name packages`);
    }
    if (listed instanceof Error) throw listed;
  } catch (e) {
    early.compile?.run.abort();
    throw e;
  }
  const { packages: pkgs, loadErrors } = listed as Listing;
  trace(`escape: go env, go list (${pkgs.length} packages)`);
  if (loadErrors) {
    // The compile would compile what it can and fail at the end (nats.go without its protobuf
    // module: 4 s, then the same again by import path); a plain go build stops at loading.
    early.compile?.run.abort();
    early.compile = undefined; // if go build succeeds after all, the exact compile below runs
    const e = await buildErrors(options.dir, patterns);
    if (e) throw e;
  }
  const envFacts = env as GoEnv;
  rememberListing(early.listingKey, envFacts, pkgs, early.previous);

  const facts = new Map<string, PackageFacts>();
  const keys = new Map<string, string>();
  const misses: string[] = [];
  for (const p of pkgs) {
    const key = factsKey(factsFormat, p, envFacts, flags);
    keys.set(p.importPath, key);
    const hit = early.hits.get(key) ?? cacheGet<PackageFacts>(key);
    if (hit) facts.set(p.importPath, hit);
    else misses.push(p.importPath);
  }
  const owner = new Map<string, string>();
  for (const p of pkgs) for (const f of p.files) owner.set(f, p.importPath);
  // What the compile names: import paths, or the files of the package .go files make up.
  const targets = misses.flatMap((ip) => (ip === commandLinePackage ? patterns.filter((p) => p.endsWith('.go')) : [ip]));

  let run: CompileRun | undefined;
  if (misses.length > 0 && covers(early.compile, misses)) {
    run = early.compile!.run;
    progress.expect(early.compile!.packages ?? pkgs.map((p) => p.importPath));
  } else {
    if (early.compile) {
      early.compile.run.abort();
      trace(`escape: the early compile does not serve; compiling ${misses.length} packages`);
    }
    if (misses.length > 0) {
      progress.expect(misses);
      run = startCompile({ cwd: options.dir, packages: targets, plainErrors: true, onPackage });
      run.done.catch(() => undefined); // awaited below; no unhandled rejection while we parse
    }
  }

  // The compiler runs in its own process; read and parse the sources meanwhile.
  const sites = new SiteFinder();
  const names = new Map(pkgs.map((p) => [p.importPath, packageNames(p.files)]));
  for (const p of pkgs) for (const f of p.files) sites.prime(f);
  trace('escape: sources read and parsed');
  let unrecognized = 0;
  const writes: Promise<void>[] = []; // written while the decisions are explained
  if (run) {
    let raw: RawCompile;
    try {
      raw = await run.done;
    } catch (e) {
      if (!(e instanceof CompileFailed)) throw e;
      // The early compile failed: compiling the packages by import path says why (or succeeds,
      // if the guess itself was what failed).
      await run.cleanedUp;
      run = startCompile({ cwd: options.dir, packages: targets, plainErrors: true });
      raw = await run.done;
    }
    progress.finish();
    const compiled = joinCompile(raw, (f) => owner.get(f));
    trace(`escape: compiled and parsed ${misses.length} packages`);
    unrecognized = compiled.unrecognized.length;
    for (const ip of misses) {
      const f = compiled.packages.get(ip) ?? { pkg: ip, heap: [], leaks: [], noEscape: [], inlining: [], other: [] };
      facts.set(ip, f);
      writes.push(cachePutLater(keys.get(ip)!, f));
    }
  }

  const display = displayPath(options.dir === '.' ? process.cwd() : options.dir);
  const report: EscapeReport = {
    version: heapwiseVersion,
    goVersion: envFacts.goVersion,
    goarch: envFacts.goarch,
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
    pushAll(report.inlining, f.inlining.map(rel));
    pushAll(report.leaks, f.leaks.map(rel));
    pushAll(report.noEscape, f.noEscape.map(rel));
    pushAll(report.other, f.other.map(rel));
  }
  linkClosures(report.escapes);
  trace(`escape: explained ${report.escapes.length} heap decisions`);
  report.escapes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  await Promise.all([run?.cleanedUp, ...writes]);
  return report;
}

/**
 * A variable captured by a closure escapes because the closure does: end its chain with the
 * func literal's own decision and reason (the nearest escaping func literal that starts before
 * the capture, in the same file and function).
 */
function linkClosures(escapes: Escape[]): void {
  const closures = new Map<string, Escape[]>();
  const where = (e: Escape) => `${e.file}\0${e.function}`;
  for (const c of escapes) {
    if (c.kind !== 'closure') continue;
    const list = closures.get(where(c));
    if (list) list.push(c);
    else closures.set(where(c), [c]);
  }
  for (const e of escapes) {
    if (e.cause !== 'closure-capture') continue;
    const capture = e.steps.find((s) => s.message.endsWith(': captured by a closure'));
    if (!capture) continue;
    const before = (x: { line: number; column: number }) => x.line < capture.line || (x.line === capture.line && x.column <= capture.column);
    const literal = (closures.get(where(e)) ?? [])
      .filter((c) => c !== e && before(c))
      .sort((a, b) => b.line - a.line || b.column - a.column)[0];
    if (!literal) continue;
    e.steps.push({ file: literal.file, line: literal.line, column: literal.column, message: `func literal: escapes to heap, ${literal.summary}` });
  }
}
