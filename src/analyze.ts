// The library entry point: analyze(options) -> Report. The CLI is a thin shell around it.
import path from 'node:path';
import type { Analyzer, Pass } from './analyzers/analyzer.js';
import { analyzers as allAnalyzers } from './analyzers/index.js';
import { preparePadding } from './analyzers/struct-padding.js';
import { InputError, UsageError } from './core/errors.js';
import { compareFindings, type Finding } from './core/finding.js';
import type { Report } from './core/report.js';
import { heapwiseVersion } from './core/version.js';
import { goEnv, moduleOf } from './go/env.js';
import { listPackages, type GoPackage } from './go/list.js';
import type { FileDecls } from './source/model.js';
import { parseAll } from './source/parse-all.js';
import { goParser } from './source/parser.js';
import { archNamed, arches } from './types/arch.js';
import { Program } from './types/program.js';
import { Resolver } from './types/resolve.js';
import { analyseStructs } from './types/structs.js';

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
}

export async function analyze(options: AnalyzeOptions): Promise<Report> {
  const started = performance.now();
  const dir = path.resolve(options.dir);
  const selected = selectAnalyzers(options.only, options.disable);
  const env = await goEnv(dir);
  const module = await moduleOf(env, dir);
  const archName = options.arch ?? env.goarch;
  const arch = archNamed(archName);
  if (!arch) throw new UsageError(`unsupported --arch ${archName}; choose one of ${Object.keys(arches).join(', ')}`);

  const listed = await listPackages({
    cwd: dir,
    patterns: options.patterns.length > 0 ? options.patterns : ['./...'],
    goarch: arch.name,
    tests: options.tests ?? false,
  });
  const packages = new Map<string, GoPackage>(listed.map((p) => [p.importPath, p]));
  const matched = listed.filter((p) => p.matched);
  const files = matched.flatMap((p) => p.files);
  const [parser, decls] = await Promise.all([goParser(), parseAll(files, 'structs')]);
  failOnSyntaxError(decls);

  const byFile = new Map(decls.map((d) => [d.path, d]));
  const parsed = new Map<string, FileDecls[]>(matched.map((p) => [p.importPath, p.files.map((f) => byFile.get(f)!)]));
  const program = new Program(packages, parser, parsed);
  const resolver = new Resolver(program, arch);
  const scopes = matched.map((p) => program.package(p.importPath)!);
  const structs = analyseStructs(resolver, scopes, module.root);

  await preparePadding();
  const findings: Finding[] = [];
  const moduleFiles = listed
    .filter((p) => !p.standard || module.path === 'std')
    .filter((p) => isInside(module.root, p.dir))
    .flatMap((p) => [...p.files, ...p.testFiles]);
  const uniqueModuleFiles = [...new Set(moduleFiles)];
  for (const analyzer of selected) {
    const pass: Pass = {
      module,
      arch,
      program,
      resolver,
      packages: scopes,
      structs,
      moduleFiles: uniqueModuleFiles,
      report: (f) => findings.push({ analyzer: analyzer.id, severity: f.severity ?? analyzer.severity, ...f }),
    };
    analyzer.run(pass);
  }
  findings.sort(compareFindings);

  return {
    version: heapwiseVersion,
    tool: 'heapwise',
    goVersion: env.goVersion,
    module: module.path,
    root: module.root,
    arch: arch.name,
    findings,
    structs: structs.map((s) => s.info),
    stats: {
      packages: matched.length,
      files: files.length,
      bytes: decls.reduce((n, d) => n + d.bytes, 0),
      structs: structs.length,
      unknownStructs: structs.filter((s) => s.info.unknown).length,
      elapsedMs: Math.round(performance.now() - started),
    },
  };
}

export function selectAnalyzers(only?: string[], disable?: string[]): Analyzer[] {
  for (const id of [...(only ?? []), ...(disable ?? [])]) {
    if (!allAnalyzers.some((a) => a.id === id)) {
      throw new UsageError(`unknown analyzer "${id}"; \`heapwise analyzers\` lists them`);
    }
  }
  return allAnalyzers.filter((a) => (!only || only.length === 0 || only.includes(a.id)) && !disable?.includes(a.id));
}

function failOnSyntaxError(decls: FileDecls[]): void {
  for (const d of decls) {
    if (d.problem) throw new InputError(d.problem.message, `${d.path}:${d.problem.line}:${d.problem.column}`);
  }
}

function isInside(root: string, dir: string): boolean {
  const rel = path.relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
