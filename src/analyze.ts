// The library entry point: analyze(options) -> Report. The CLI is a thin shell around it.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import type { Analyzer, Pass } from './analyzers/analyzer.js';
import { analyzers as allAnalyzers } from './analyzers/index.js';
import { compare } from './bench/compare.js';
import { parseBench, type ParsedBench } from './bench/format.js';
import { exercised, memoryRegressions, type BenchRegression, type JoinContext } from './bench/join.js';
import type { Regression } from './bench/gate.js';
import { preparePadding } from './analyzers/struct-padding.js';
import { pushAll } from './core/arrays.js';
import { loadConfig, excluded, type Config } from './core/config.js';
import { InputError, UsageError, isUserError } from './core/errors.js';
import { collectEscapes } from './escape/collect.js';
import type { ProgressListener } from './escape/progress.js';
import type { CompilerFacts } from './analyzers/escape.js';
import { applyIgnores, ignoresIn } from './core/ignore.js';
import { compareFindings, type Finding } from './core/finding.js';
import type { BenchComparison, Report, StructInfo } from './core/report.js';
import { benchComparison } from './report/bench-comparison.js';
import { trace } from './core/trace.js';
import { heapwiseVersion } from './core/version.js';
import { goEnv, isInside, moduleOf } from './go/env.js';
import { listPackages, type GoPackage } from './go/list.js';
import type { FileDecls } from './source/model.js';
import { loadPackages, type LoadedPackage } from './source/load.js';
import type { ParseMode } from './source/parse-file.js';
import { ParsePool } from './source/parse-all.js';
import { cacheDir } from './source/cache.js';
import { cachedFindings, findingsKey, saveFindings } from './source/findings-cache.js';
import { readSource } from './source/read.js';
import { SyntaxCache } from './source/syntax.js';
import { goParser } from './source/parser.js';
import { archNamed, arches, type Arch } from './types/arch.js';
import { Program } from './types/program.js';
import { Resolver } from './types/resolve.js';
import { analyseStructs, toSlash } from './types/structs.js';

export interface AnalyzeOptions {
  /** Directory to run in (like `go -C`). */
  dir: string;
  /** Go package patterns; `./...` when empty. */
  patterns: string[];
  /** GOARCH to lay types out for; `go env GOARCH` when unset. */
  arch?: string;
  /** Include _test.go files. */
  tests?: boolean;
  /** Analyzer ids to run (all when unset) and to leave out. */
  only?: string[];
  disable?: string[];
  /** Report //heapwise:ignore comments that suppress nothing. */
  strictIgnores?: boolean;
  /** Benchmark results before and after a change: regressions are named next to the findings they exercise. */
  benchBase?: string;
  bench?: string;
  /** Told how the compile behind the escape analyzer advances (packages done of total). */
  onEscapeProgress?: ProgressListener;
  /** Also lay the structs out for these GOARCHes (Report.archStructs; the HTML report's arch selector). */
  layoutArches?: string[];
}

/** Up to this many bytes of Go in the analysed packages, function bodies are checked for syntax errors too. */
const fullSyntaxCheckBytes = 8_000_000;

export async function analyze(options: AnalyzeOptions): Promise<Report> {
  const started = performance.now();
  const dir = path.resolve(options.dir);
  const selected = selectAnalyzers(options.only, options.disable);
  trace('start');
  const pool = new ParsePool();
  try {
    return await run(options, dir, selected, pool, started);
  } finally {
    pool.close();
  }
}

async function run(options: AnalyzeOptions, dir: string, requested: Analyzer[], pool: ParsePool, started: number): Promise<Report> {
  if (options.arch !== undefined && !archNamed(options.arch)) {
    throw new UsageError(`unsupported --arch ${options.arch}; choose one of ${Object.keys(arches).join(', ')}`);
  }
  // go env and go list run side by side; GOARCH is left to the environment unless --arch.
  const listing = listPackages({
    cwd: dir,
    patterns: options.patterns.length > 0 ? options.patterns : ['./...'],
    goarch: options.arch,
    tests: options.tests ?? false,
  });
  listing.catch(() => undefined); // reported below, after the module check
  const env = await goEnv(dir);
  const module = await moduleOf(env, dir);
  const config = loadConfig(module.root, allAnalyzers.map((a) => a.id));
  // heapwise.json can turn analyzers off; naming one in --only turns it back on.
  const selected = requested.filter((a) => config.analyzers[a.id]?.enabled !== false || options.only?.includes(a.id));
  // The compiler's escape decisions come from a build of their own, run beside the parse.
  const compiling = selected.some((a) => a.needs === 'compiler')
    ? collectEscapes({ dir, patterns: options.patterns, onProgress: options.onEscapeProgress }).then(
        (r): CompilerFacts => ({ escapes: r.escapes, dir }),
        (e: unknown) => (isUserError(e) ? e : Promise.reject(e)),
      )
    : undefined;
  const arch = archNamed(options.arch ?? env.goarch);
  if (!arch) throw new UsageError(`GOARCH ${env.goarch} is not supported; pass --arch amd64, arm64, 386 or arm`);
  // Each other arch gets its own go list (its files), started now beside the rest.
  const otherArches = [...new Set(options.layoutArches ?? [])].map((a) => archNamed(a)).filter((a): a is Arch => a !== undefined && a.name !== arch.name);
  const otherListings = otherArches.map((a) => {
    const l = listPackages({ cwd: dir, patterns: options.patterns.length > 0 ? options.patterns : ['./...'], goarch: a.name, tests: options.tests ?? false });
    l.catch(() => undefined); // awaited below
    return l;
  });
  const listed = await listing;
  trace('go list');
  const packages = new Map<string, GoPackage>(listed.map((p) => [p.importPath, p]));
  const matched = listed.filter((p) => p.matched);
  const files = matched.flatMap((p) => p.files);
  // Function bodies are parsed only for syntax errors, and only where that is affordable:
  // a full parse runs at ~6 MB/s, the skim that skips bodies at ~150 MB/s.
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  // Analyzers that read function bodies parse every file whole anyway; that parse finds the
  // syntax errors then, instead of a parse of its own.
  const readsBodies = selected.some((a) => a.needs === 'bodies');
  const syntaxChecked = readsBodies || bytes <= fullSyntaxCheckBytes;
  const mode = syntaxChecked && !readsBodies ? 'structs+syntax' : 'structs';
  const [parser, parsed] = await Promise.all([goParser(), loadPackages(matched, mode, pool)]);
  const decls = [...parsed.values()].flatMap((l) => l.decls);
  failOnSyntaxError(decls, module.root);
  trace('parsed');

  const program = new Program(packages, parser, parsed);
  const resolver = new Resolver(program, arch);
  const scopes = matched.map((p) => program.package(p.importPath)!);
  const structs = analyseStructs(resolver, scopes, module.root);
  trace('structs laid out');

  await preparePadding();
  const findings: Finding[] = [];
  const modulePackages = listed.filter((p) => (!p.standard || module.path === 'std') && isInside(module.root, p.dir));
  const syntax = new SyntaxCache(parser);
  let benchmarks: BenchRegression[] | undefined;
  let comparison: BenchComparison | undefined;
  const notes: string[] = [];
  const compiled = await compiling;
  let compiler: CompilerFacts | undefined;
  if (compiled instanceof Error) notes.push(`compiler evidence is missing (the escape analyzer did not run): ${compiled.message}`);
  else compiler = compiled;
  // The catalog analyzers' findings come from the cache when nothing they read has changed
  // (the compiler's analyzers run on every run: their facts have a cache of their own).
  const cacheable = selected.filter((a) => a.needs !== 'compiler');
  // With the cache off there is nothing to look up: no key, no hashing of every file.
  const key = cacheable.length > 0 && cacheDir() !== undefined
    ? findingsKey({
        goVersion: env.goVersion,
        arch: arch.name,
        root: module.root,
        packages: listed,
        withTests: new Set(modulePackages.map((p) => p.importPath)),
        analyzers: cacheable.map((a) => a.id),
        config,
      })
    : undefined;
  const hit = key !== undefined ? cachedFindings(key) : undefined;
  if (hit) pushAll(findings, hit);
  if (key !== undefined) trace(hit ? 'findings cache hit' : 'findings cache miss');
  try {
    // A hit means these very files parsed without error before.
    if (readsBodies && !hit) {
      for (const f of files) {
        const problem = syntax.get(f)?.problem;
        if (problem) failOnSyntaxError([{ path: f, problem } as FileDecls], module.root);
      }
    }
    runAnalyzers(hit ? selected.filter((a) => !cacheable.includes(a)) : selected, config, {
      module,
      arch,
      program,
      resolver,
      packages: scopes,
      structs,
      modulePackages,
      read: readSource,
      syntax: (f) => syntax.get(f),
      relative: (f) => toSlash(path.relative(module.root, f)),
      settings: {},
      compiler,
      report: () => undefined,
    }, findings);
    if (key !== undefined && !hit) saveFindings(key, findings.filter((f) => cacheable.some((a) => a.id === f.analyzer)));
    if (options.benchBase && options.bench) {
      const base = readBench(options.benchBase);
      const next = readBench(options.bench);
      // One comparison serves both: the regressions named on findings, and the whole table.
      const compared = compare([base, next]);
      const units = [...base.units, ...next.units];
      benchmarks = joinBenchmarks(memoryRegressions(compared, units), { packages: modulePackages, syntax: (f) => syntax.get(f) }, findings, module.root);
      comparison = benchComparison(compared, units);
    }
  } finally {
    syntax.close();
  }
  const ignores = files.flatMap((f) => ignoresIn(toSlash(path.relative(module.root, f)), readSource(f)));
  const kept = applyIgnores(findings, ignores, options.strictIgnores || config.strictIgnores)
    .filter((f) => !excluded(config, f.file))
    .map((f) => ({ ...f, severity: config.analyzers[f.analyzer]?.severity ?? f.severity }));
  kept.sort(compareFindings);
  program.saveGrown();
  const archStructs: Record<string, StructInfo[]> = {};
  for (const [i, other] of otherArches.entries()) {
    const infos = await structsForArch(other, await otherListings[i]!, { listed, parsed, mode, parser, pool, root: module.root });
    archStructs[other.name] = infos.filter((s) => !excluded(config, s.file));
    trace(`structs laid out for ${other.name}`);
  }

  return {
    version: heapwiseVersion,
    tool: 'heapwise',
    goVersion: env.goVersion,
    module: module.path,
    root: module.root,
    arch: arch.name,
    findings: kept,
    ...(benchmarks ? { benchmarks } : {}),
    ...(comparison ? { benchComparison: comparison } : {}),
    ...(otherArches.length > 0 ? { archStructs } : {}),
    ...(notes.length > 0 ? { notes } : {}),
    structs: structs.map((s) => s.info).filter((s) => !excluded(config, s.file)),
    stats: {
      packages: matched.length,
      files: files.length,
      bytes,
      syntaxChecked: syntaxChecked ? 'all' : 'declarations',
      structs: structs.length,
      unknownStructs: structs.filter((s) => s.info.unknown).length,
      elapsedMs: Math.round(performance.now() - started),
    },
  };
}

function readBench(p: string): ParsedBench {
  try {
    return parseBench(readFileSync(p, 'utf8'), p);
  } catch {
    throw new InputError('cannot read the benchmark results', p);
  }
}

/**
 * The analysed packages' structs for another GOARCH, through the same code as the report's own
 * arch: that arch's go list (its files, its dependencies' files) and a Resolver for it.
 * Declarations of packages whose files are the same are copied rather than loaded again (a
 * Program grows its files' declarations as it parses constants, so none are shared).
 */
async function structsForArch(
  arch: Arch,
  listed: GoPackage[],
  main: { listed: GoPackage[]; parsed: Map<string, LoadedPackage>; mode: ParseMode; parser: Parser; pool: ParsePool; root: string },
): Promise<StructInfo[]> {
  const before = new Map(main.listed.filter((p) => p.matched).map((p) => [p.importPath, p.files.join('\n')]));
  const matched = listed.filter((p) => p.matched);
  const same = matched.filter((p) => before.get(p.importPath) === p.files.join('\n') && main.parsed.has(p.importPath));
  const loaded = await loadPackages(matched.filter((p) => !same.includes(p)), main.mode, main.pool);
  for (const p of same) {
    const l = main.parsed.get(p.importPath)!;
    loaded.set(p.importPath, { decls: structuredClone(l.decls), cacheKey: l.cacheKey });
  }
  const program = new Program(new Map(listed.map((p) => [p.importPath, p])), main.parser, loaded);
  const resolver = new Resolver(program, arch);
  const scopes = matched.map((p) => program.package(p.importPath)!);
  const structs = analyseStructs(resolver, scopes, main.root).map((s) => s.info);
  program.saveGrown();
  return structs;
}

/** Names each significant bytes/allocs regression on the findings in the code it exercises. */
function joinBenchmarks(regressions: Regression[], ctx: JoinContext, findings: Finding[], root: string): BenchRegression[] {
  const joined = exercised(ctx, regressions);
  for (const { regression, spans } of joined) {
    for (const f of findings) {
      const abs = path.join(root, f.file);
      if (!spans.some((s) => s.file === abs && f.line >= s.start && f.line <= s.end)) continue;
      const list = (f.data?.benchmarks as unknown[] | undefined) ?? [];
      f.data = { ...f.data, benchmarks: [...list, { name: regression.name, unit: regression.unit, deltaPercent: regression.deltaPercent, pValue: regression.pValue }] };
    }
  }
  return joined.map((j) => j.regression);
}

function runAnalyzers(selected: Analyzer[], config: Config, base: Pass, findings: Finding[]): void {
  for (const analyzer of selected) {
    analyzer.run({
      ...base,
      settings: config.analyzers[analyzer.id] ?? {},
      report: (f) => findings.push({ analyzer: analyzer.id, severity: f.severity ?? analyzer.severity, ...f }),
    });
    trace(`analyzer ${analyzer.id}`);
  }
}

export function selectAnalyzers(only?: string[], disable?: string[]): Analyzer[] {
  for (const id of [...(only ?? []), ...(disable ?? [])]) {
    if (!allAnalyzers.some((a) => a.id === id)) {
      throw new UsageError(`unknown analyzer "${id}"; \`heapwise analyzers\` lists them`);
    }
  }
  return allAnalyzers.filter((a) => (!only || only.length === 0 || only.includes(a.id)) && !disable?.includes(a.id));
}

function failOnSyntaxError(decls: FileDecls[], root: string): void {
  for (const d of decls) {
    if (!d.problem) continue;
    const file = isInside(root, d.path) ? toSlash(path.relative(root, d.path)) : d.path;
    throw new InputError(d.problem.message, `${file}:${d.problem.line}:${d.problem.column}`);
  }
}
