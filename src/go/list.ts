// Package loading through `go list`, so build tags, GOOS/GOARCH and vendoring are the
// toolchain's, not ours. One call lists the matched packages and all their dependencies:
// sizes of imported types are read from those packages' source on demand.
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { runGo } from './toolchain.js';

export interface GoPackage {
  importPath: string;
  name: string;
  dir: string;
  /** Absolute paths of the Go files compiled for the chosen GOOS/GOARCH (cgo files included). */
  files: string[];
  /** _test.go files (both the package's and its external test package's), not analysed unless asked. */
  testFiles: string[];
  /** Files that use cgo: `C.x` names in them have no size heapwise can know. */
  cgoFiles: Set<string>;
  /** import path as written -> resolved import path (vendoring). */
  importMap: Record<string, string>;
  /** Matched by the patterns (as opposed to a dependency). */
  matched: boolean;
  standard: boolean;
  error?: string;
}

interface ListedPackage {
  ImportPath: string;
  Name?: string;
  Dir?: string;
  GoFiles?: string[];
  CgoFiles?: string[];
  TestGoFiles?: string[];
  XTestGoFiles?: string[];
  ImportMap?: Record<string, string>;
  Standard?: boolean;
  DepOnly?: boolean;
  Error?: { Err: string; Pos?: string };
}

export interface ListOptions {
  cwd: string;
  patterns: string[];
  /** GOARCH to list for; the environment's when undefined. */
  goarch?: string;
  /** Include _test.go files of the matched packages. */
  tests: boolean;
}

const fields = 'ImportPath,Name,Dir,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles,ImportMap,Standard,DepOnly,Error';

export async function listPackages(options: ListOptions): Promise<GoPackage[]> {
  const args = ['list', '-e', '-deps', `-json=${fields}`];
  args.push('--', ...options.patterns);
  const { stdout, stderr } = await runGo(args, {
    cwd: options.cwd,
    env: options.goarch ? { GOARCH: options.goarch } : {},
    allowFailure: true,
  });
  const listed = parseJsonStream(stdout);
  const packages: GoPackage[] = [];
  for (const p of listed) {
    if (!p.Dir) {
      if (!p.DepOnly) {
        throw new InputError(p.Error?.Err ?? `package ${p.ImportPath} not found`);
      }
      continue;
    }
    const abs = (f: string) => path.join(p.Dir!, f);
    const files = [...(p.GoFiles ?? []), ...(p.CgoFiles ?? [])];
    const matched = !p.DepOnly;
    if (matched && options.tests) files.push(...(p.TestGoFiles ?? []));
    packages.push({
      importPath: p.ImportPath,
      name: p.Name ?? '',
      dir: p.Dir,
      files: files.map(abs),
      testFiles: [...(p.TestGoFiles ?? []), ...(p.XTestGoFiles ?? [])].map(abs),
      cgoFiles: new Set((p.CgoFiles ?? []).map(abs)),
      importMap: p.ImportMap ?? {},
      matched,
      standard: p.Standard ?? false,
      error: p.Error?.Err,
    });
    if (matched && options.tests && p.XTestGoFiles?.length) {
      // The external test package is a package of its own that imports this one.
      packages.push({
        importPath: `${p.ImportPath}_test`,
        name: `${p.Name}_test`,
        dir: p.Dir,
        files: p.XTestGoFiles.map(abs),
        testFiles: [],
        cgoFiles: new Set(),
        importMap: p.ImportMap ?? {},
        matched: true,
        standard: p.Standard ?? false,
      });
    }
  }
  if (!packages.some((p) => p.matched)) {
    const warning = stderr.split('\n').find((l) => l.includes('matched no packages'));
    throw new InputError(warning ? warning.replace(/^go: /, '') : `no packages match ${options.patterns.join(' ')}`);
  }
  return packages;
}

/** `go list -json` prints a stream of top-level objects, not an array. */
function parseJsonStream(text: string): ListedPackage[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  return JSON.parse(`[${trimmed.replace(/^}\s*\n{/gm, '},{')}]`) as ListedPackage[];
}
