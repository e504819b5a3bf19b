// The packages whose escape decisions are asked for, with what decides them: their own files
// and the files of every non-standard package they import (the compiler reads the callees'
// escape tags and inline bodies from those). Standard-library files are fixed by the Go version.
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { runGo } from '../go/toolchain.js';

export interface EscapePackage {
  importPath: string;
  dir: string;
  /** Absolute paths of the files `go build` compiles (Go and cgo files). */
  files: string[];
  /** Files of non-standard packages this one imports, directly or not. */
  depFiles: string[];
  /** Those packages, in the same order (depFiles is their files, concatenated). */
  depPackages: { importPath: string; files: string[] }[];
  standard: boolean;
}

interface Listed {
  ImportPath: string;
  Dir?: string;
  GoFiles?: string[];
  CgoFiles?: string[];
  Deps?: string[];
  Standard?: boolean;
  DepOnly?: boolean;
  Error?: { Err: string };
}

export interface Listing {
  packages: EscapePackage[];
  /**
   * go list reported an error for a package or a dependency (a missing module, a syntax or
   * import error): the compile will fail, so its errors are worth asking for at once.
   */
  loadErrors: boolean;
}

export async function listEscapePackages(cwd: string, patterns: string[]): Promise<Listing> {
  const { stdout, stderr } = await runGo(
    ['list', '-e', '-deps', '-json=ImportPath,Dir,GoFiles,CgoFiles,Deps,Standard,DepOnly,Error', '--', ...patterns],
    { cwd, allowFailure: true },
  );
  const trimmed = stdout.trim();
  const listed: Listed[] = trimmed === '' ? [] : (JSON.parse(`[${trimmed.replace(/^}\s*\n{/gm, '},{')}]`) as Listed[]);
  const byPath = new Map(listed.map((p) => [p.ImportPath, p]));
  const files = new Map<Listed, string[]>();
  const filesOf = (p: Listed) => {
    let f = files.get(p);
    if (!f) files.set(p, (f = [...(p.GoFiles ?? []), ...(p.CgoFiles ?? [])].map((f) => path.join(p.Dir ?? '', f))));
    return f;
  };
  const out: EscapePackage[] = [];
  for (const p of listed) {
    if (p.DepOnly) continue;
    if (!p.Dir) throw new InputError(p.Error?.Err ?? `package ${p.ImportPath} not found`);
    // A package of test files only has nothing for go build to compile (it would fail with
    // "no non-test Go files"); its decisions come from no build either.
    if (filesOf(p).length === 0) continue;
    const depFiles: string[] = [];
    const depPackages: EscapePackage['depPackages'] = [];
    for (const d of p.Deps ?? []) {
      const dep = byPath.get(d);
      if (!dep || dep.Standard) continue;
      depFiles.push(...filesOf(dep));
      depPackages.push({ importPath: d, files: filesOf(dep) });
    }
    out.push({ importPath: p.ImportPath, dir: p.Dir, files: [...filesOf(p)], depFiles, depPackages, standard: p.Standard ?? false });
  }
  if (out.length === 0) {
    const warning = stderr.split('\n').find((l) => l.includes('matched no packages'));
    throw new InputError(warning ? warning.replace(/^go: /, '') : `no packages match ${patterns.join(' ')}`);
  }
  return { packages: out, loadErrors: listed.some((p) => p.Error !== undefined) };
}
