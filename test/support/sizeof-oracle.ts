// The Go compiler as the oracle for struct layouts.
//
// Given heapwise's `structs` for some packages and a GOARCH, this writes one extra Go file per
// package, placed INTO the package with `go build -overlay` (this works for standard-library
// packages too), holding compile-time assertions that fail to compile unless heapwise's figures
// equal the compiler's:
//
//	var _hw3 *Conn
//	const _ uint64 = uint64(_hwunsafe.Sizeof((*_hw3))) - 168   // overflows if the true size < 168
//	const _ uint64 = 168 - uint64(_hwunsafe.Sizeof((*_hw3)))   // overflows if the true size > 168
//
// and the same for Alignof of the struct and Offsetof/Sizeof/Alignof of every named field. The
// package is compiled with -gcflags=<pkg>=-e so every failed assertion is reported; each error
// line maps back to one struct/field/figure, and the overflowing constant ("(constant -8 of type
// uint64) overflows uint64") reveals the compiler's value.
//
// Only struct types that another file of the package can name are checked: named, non-generic,
// package-level types, anonymous structs reachable from them through fields, arrays, slices and
// pointers, and package-level variables of anonymous struct type. The rest (types declared in
// functions, generic types, structs in _test.go files, structs heapwise reports `unknown`) are
// counted as skipped, by reason. Which is which comes from test/support/go/structdecls (go/parser).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { structKey } from './fieldalignment.js';
import {
  type Arch,
  CommandError,
  type HeapwiseStruct,
  archEnv,
  ensureStructDecls,
  failureMessage,
  goBinary,
  parseConcatenatedJson,
  relativeTo,
  runCommand,
} from './tools.js';

export type OracleFigure = 'size' | 'align' | 'fieldOffset' | 'fieldSize' | 'fieldAlign';

export interface OracleMismatch {
  /** file:line:column of the struct keyword (relative to the module root). */
  key: string;
  package: string;
  struct: string;
  /** A figure that differs, or: 'reference' (the assertion did not compile: the struct or field
   * cannot be named, so heapwise's position/name/field list is wrong), 'fields' (heapwise's field
   * names differ from the source's), 'name' (heapwise's struct name differs from the source's). */
  figure: OracleFigure | 'reference' | 'fields' | 'name';
  field?: string;
  heapwise?: number | string;
  compiler?: number | string;
  detail: string;
}

export type OracleStatus = 'verified' | 'mismatch' | 'skipped';

export interface OracleResult {
  arch: Arch;
  packages: string[];
  /** Structs whose layout was asserted. */
  checked: number;
  /** Assertions compiled (two per figure). */
  assertions: number;
  /** Reason → keys of the structs not checked. */
  skipped: Record<string, string[]>;
  /** Per struct key. */
  status: Map<string, OracleStatus>;
  mismatches: OracleMismatch[];
  /** Compiler errors outside the generated files (the package does not build for this arch). */
  buildErrors: string[];
  command: string;
  durationMs: number;
  tempDir: string;
}

export interface OracleOptions {
  arch: Arch;
  /** Working directory for go list/build: the module root, or GOROOT/src. */
  dir: string;
  /** Root heapwise's file paths are relative to (default: dir). */
  moduleRoot?: string;
  structs: HeapwiseStruct[];
  /** Keep the temp dir (also with HEAPWISE_KEEP_ORACLE=1). */
  keepTemp?: boolean;
  timeoutMs?: number;
}

interface ListedPackage {
  ImportPath: string;
  Name: string;
  Dir: string;
  GoFiles?: string[];
  CgoFiles?: string[];
  Deps?: string[];
  Error?: { Err: string };
}

export interface StructDecl {
  file: string;
  line: number;
  column: number;
  name: string;
  fields: string[];
  root?: string;
  access?: string;
  skip?: string;
}

/** Lists every struct type literal in the given files (see test/support/go/structdecls). */
export async function listStructDecls(files: string[], moduleRoot: string): Promise<StructDecl[]> {
  if (files.length === 0) return [];
  const bin = await ensureStructDecls();
  const out: StructDecl[] = [];
  // Keep argument lists well below ARG_MAX.
  for (let i = 0; i < files.length; i += 500) {
    const r = await runCommand(bin, files.slice(i, i + 500), { timeoutMs: 120_000 });
    if (r.exitCode !== 0) throw new CommandError(failureMessage('structdecls', r), r);
    for (const line of r.stdout.split('\n')) {
      if (!line.trim()) continue;
      const d = JSON.parse(line) as StructDecl;
      d.file = relativeTo(moduleRoot, d.file);
      out.push(d);
    }
  }
  return out;
}

/** `go list` of the packages for an arch: name, directory and compiled Go files. */
export async function listPackages(dir: string, arch: Arch, patterns: string[]): Promise<ListedPackage[]> {
  const env = await archEnv(arch);
  const r = await runCommand(goBinary(), ['list', '-e', '-json=ImportPath,Name,Dir,GoFiles,CgoFiles,Deps,Error', ...patterns], {
    cwd: dir,
    env,
    timeoutMs: 5 * 60_000,
  });
  if (r.exitCode !== 0) throw new CommandError(failureMessage(`go list (GOARCH=${arch})`, r), r);
  return parseConcatenatedJson(r.stdout) as ListedPackage[];
}

interface Assertion {
  key: string;
  pkg: string;
  struct: string;
  figure: OracleFigure | 'canary' | 'var';
  field?: string;
  expected: number;
  /** 'lo': actual - expected (overflows when actual < expected); 'hi': expected - actual. */
  dir: 'lo' | 'hi';
  /** For 'var' lines: the structs whose accesses go through this variable. */
  users?: string[];
}

const OVERFLOW_RE = /\(constant (-?\d+) of type uint64\) overflows uint64/;

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

export async function runSizeofOracle(o: OracleOptions): Promise<OracleResult> {
  const started = performance.now();
  const moduleRoot = o.moduleRoot ?? o.dir;
  const byPkg = new Map<string, HeapwiseStruct[]>();
  for (const s of o.structs) {
    const list = byPkg.get(s.package) ?? [];
    list.push(s);
    byPkg.set(s.package, list);
  }
  const pkgPaths = [...byPkg.keys()].sort();
  const result: OracleResult = {
    arch: o.arch,
    packages: pkgPaths,
    checked: 0,
    assertions: 0,
    skipped: {},
    status: new Map(),
    mismatches: [],
    buildErrors: [],
    command: '',
    durationMs: 0,
    tempDir: '',
  };
  const skip = (reason: string, key: string) => {
    (result.skipped[reason] ??= []).push(key);
    result.status.set(key, 'skipped');
  };
  const mismatch = (m: OracleMismatch) => {
    result.mismatches.push(m);
    result.status.set(m.key, 'mismatch');
  };
  if (pkgPaths.length === 0) return result;

  const listed = await listPackages(o.dir, o.arch, pkgPaths);
  const pkgInfo = new Map(listed.map((p) => [p.ImportPath, p]));
  const files: string[] = [];
  for (const p of listed) {
    for (const f of [...(p.GoFiles ?? []), ...(p.CgoFiles ?? [])]) files.push(path.join(p.Dir, f));
  }
  const decls = new Map<string, StructDecl>();
  for (const d of await listStructDecls(files, moduleRoot)) decls.set(structKey(d.file, d.line, d.column), d);

  const tempDir = mkdtempSync(path.join(os.tmpdir(), 'heapwise-sizeof-oracle-'));
  result.tempDir = tempDir;
  const suffix = randomBytes(4).toString('hex');
  const overlay: Record<string, string> = {};
  // generated file (absolute temp path) → package and its assertions by line
  const generated = new Map<string, { pkg: string; lines: Map<number, Assertion>; canaryLine: number }>();
  const buildPkgs: string[] = [];

  for (const pkg of pkgPaths) {
    const info = pkgInfo.get(pkg);
    const structs = byPkg.get(pkg)!;
    if (!info || info.Error || !info.Dir || !info.Name) {
      const why = info?.Error?.Err ?? 'not found by go list';
      for (const s of structs) {
        mismatch({
          key: structKey(s.file, s.line, s.column),
          package: pkg,
          struct: s.name,
          figure: 'reference',
          detail: `package ${pkg} cannot be loaded for GOARCH=${o.arch}: ${why}`,
        });
      }
      continue;
    }
    const lines: string[] = [
      "// Code generated by heapwise's sizeof oracle (test/support/sizeof-oracle.ts). DO NOT EDIT.",
      '',
      `package ${info.Name}`,
      '',
      'import _hwunsafe "unsafe"',
      '',
    ];
    const at = new Map<number, Assertion>();
    const add = (text: string, a?: Assertion) => {
      lines.push(text);
      if (a) at.set(lines.length, a);
    };
    const canaryLine = lines.length + 1;
    add('const _ uint64 = 0 - 1 // canary: proves this file was compiled', {
      key: '',
      pkg,
      struct: '',
      figure: 'canary',
      expected: 0,
      dir: 'hi',
    });
    const rootVars = new Map<string, { name: string; users: string[] }>();
    let nVar = 0;
    let any = false;

    for (const s of structs) {
      const key = structKey(s.file, s.line, s.column);
      if (s.unknown) {
        skip('heapwise reports it unknown', key);
        continue;
      }
      if (s.file.endsWith('_test.go')) {
        skip('declared in a _test.go file (go build compiles no tests)', key);
        continue;
      }
      const d = decls.get(key);
      if (!d) {
        mismatch({
          key,
          package: pkg,
          struct: s.name,
          figure: 'reference',
          detail: `no struct type starts at ${key} in the files of ${pkg} for GOARCH=${o.arch} (go list: ${[...(info.GoFiles ?? []), ...(info.CgoFiles ?? [])].length} files)`,
        });
        continue;
      }
      if (d.name !== s.name) {
        mismatch({ key, package: pkg, struct: s.name, figure: 'name', heapwise: s.name, compiler: d.name, detail: `the struct at ${key} is named ${d.name} (fieldalignment's naming), heapwise says ${s.name}` });
      }
      const hwNames = (s.fields ?? []).map((f) => f.name);
      if (hwNames.join('\u0000') !== d.fields.join('\u0000')) {
        mismatch({
          key,
          package: pkg,
          struct: s.name,
          figure: 'fields',
          heapwise: hwNames.join(', '),
          compiler: d.fields.join(', '),
          detail: `field names differ from the source: heapwise [${hwNames.join(', ')}], source [${d.fields.join(', ')}]`,
        });
      }
      if (!d.access) {
        skip(d.skip ?? 'cannot be named from another file', key);
        continue;
      }
      let access = d.access;
      if (d.root) {
        let v = rootVars.get(d.root);
        if (!v) {
          v = { name: `_hw${++nVar}`, users: [] };
          rootVars.set(d.root, v);
          add(`var ${v.name} *${d.root}`, { key, pkg, struct: d.root, figure: 'var', expected: 0, dir: 'lo', users: v.users });
        }
        v.users.push(key);
        access = access.replace('$', `(*${v.name})`);
      }
      result.checked++;
      result.status.set(key, result.status.get(key) ?? 'verified');
      any = true;
      const assert = (figure: OracleFigure, expr: string, value: unknown, field?: string) => {
        if (!isCount(value)) {
          mismatch({ key, package: pkg, struct: s.name, figure, field, heapwise: String(value), detail: `heapwise's ${figure}${field ? ` of ${field}` : ''} is not a byte count: ${JSON.stringify(value)}` });
          return;
        }
        const base = { key, pkg, struct: s.name, figure, field, expected: value } as const;
        add(`const _ uint64 = uint64(${expr}) - ${value}`, { ...base, dir: 'lo' });
        add(`const _ uint64 = ${value} - uint64(${expr})`, { ...base, dir: 'hi' });
        result.assertions += 2;
      };
      add(`// ${s.name} at ${key}`);
      assert('size', `_hwunsafe.Sizeof(${access})`, s.size);
      assert('align', `_hwunsafe.Alignof(${access})`, s.align);
      const counts = new Map<string, number>();
      for (const n of d.fields) counts.set(n, (counts.get(n) ?? 0) + 1);
      for (const f of s.fields ?? []) {
        if (f.name === '_' || counts.get(f.name) !== 1) continue; // blank, ambiguous or unknown
        const sel = `${access}.${f.name}`;
        assert('fieldOffset', `_hwunsafe.Offsetof(${sel})`, f.offset, f.name);
        assert('fieldSize', `_hwunsafe.Sizeof(${sel})`, f.size, f.name);
        assert('fieldAlign', `_hwunsafe.Alignof(${sel})`, f.align, f.name);
      }
    }
    if (!any) continue;
    const genPath = path.join(tempDir, `${pkg.replace(/[^\w.-]+/g, '_')}.go`);
    writeFileSync(genPath, lines.join('\n') + '\n');
    overlay[path.join(info.Dir, `zz_heapwise_sizeof_oracle_${suffix}.go`)] = genPath;
    generated.set(genPath, { pkg, lines: at, canaryLine });
    buildPkgs.push(pkg);
  }

  // A failing assertion fails its package, and go build then compiles nothing that imports it:
  // so packages are built in groups none of whose members imports another (net/http imports
  // crypto/tls: two builds), each with an overlay holding only that group's generated files.
  const groups = independentGroups(buildPkgs, pkgInfo);
  const env = await archEnv(o.arch);
  const commands: string[] = [];
  const outputs = await Promise.all(
    groups.map(async (group, gi) => {
      const replace: Record<string, string> = {};
      for (const [target, gen] of Object.entries(overlay)) if (group.includes(generated.get(gen)!.pkg)) replace[target] = gen;
      const overlayPath = path.join(tempDir, `overlay-${gi}.json`);
      writeFileSync(overlayPath, JSON.stringify({ Replace: replace }, null, 1));
      const args = ['build', '-overlay', overlayPath];
      if (group.some((p) => pkgInfo.get(p)?.Name === 'main')) {
        // Executables go to the temp dir, never into the working directory (-o with a directory
        // is refused when no package is a command, and then nothing is written anyway).
        const binDir = path.join(tempDir, `bin-${gi}`);
        mkdirSync(binDir);
        args.push('-o', binDir + path.sep);
      }
      for (const p of group) args.push(`-gcflags=${p}=-e`);
      args.push(...group);
      const r = await runCommand(goBinary(), args, { cwd: o.dir, env, timeoutMs: o.timeoutMs ?? 10 * 60_000 });
      commands[gi] = r.command;
      if (r.timedOut || r.signal) throw new CommandError(failureMessage('the sizeof oracle build', r), r);
      return { group, r };
    }),
  );
  result.command = commands.join('\n');
  const byBase = new Map([...generated].map(([p, g]) => [path.basename(p), g]));
  for (const { group, r } of outputs) {
    const canariesSeen = new Set<string>();
    const out = `${r.stderr}\n${r.stdout}`;
    for (const raw of out.split('\n')) {
      const line = raw.trimEnd();
      if (!line || line.startsWith('#')) continue;
      const m = /^(.*?):(\d+):(?:(\d+):)? (.*)$/.exec(line);
      const g = m ? byBase.get(path.basename(m[1]!)) : undefined;
      if (!m || !g) {
        // Not about a generated file: the package (or the go command) failed on its own.
        if (/^\s/.test(line) && result.buildErrors.length > 0) result.buildErrors[result.buildErrors.length - 1] += '\n' + line;
        else result.buildErrors.push(line);
        continue;
      }
      const a = g.lines.get(Number(m[2]));
      const msg = m[4]!;
      if (!a) {
        result.buildErrors.push(`${g.pkg}: unexpected error in the generated file: ${line}`);
        continue;
      }
      if (a.figure === 'canary') {
        canariesSeen.add(g.pkg);
        continue;
      }
      if (a.figure === 'var') {
        for (const key of a.users ?? []) {
          mismatch({ key, package: a.pkg, struct: a.struct, figure: 'reference', detail: `cannot declare a variable of type ${a.struct}: ${msg}` });
        }
        continue;
      }
      const ov = OVERFLOW_RE.exec(msg);
      if (ov) {
        const c = Number(ov[1]);
        const actual = a.dir === 'lo' ? a.expected + c : a.expected - c;
        mismatch({
          key: a.key,
          package: a.pkg,
          struct: a.struct,
          figure: a.figure,
          field: a.field,
          heapwise: a.expected,
          compiler: actual,
          detail: `${a.figure}${a.field ? ` of field ${a.field}` : ''}: heapwise ${a.expected}, compiler ${actual} (GOARCH=${o.arch})`,
        });
      } else {
        mismatch({
          key: a.key,
          package: a.pkg,
          struct: a.struct,
          figure: 'reference',
          field: a.field,
          heapwise: a.expected,
          detail: `the ${a.figure} assertion${a.field ? ` of field ${a.field}` : ''} does not compile: ${msg}`,
        });
      }
    }
    for (const p of group) {
      if (!canariesSeen.has(p)) {
        result.buildErrors.push(`${p}: the generated assertions were not compiled (no canary error); go build output:\n${out.trim().split('\n').slice(0, 30).join('\n')}`);
      }
    }
    if (r.exitCode === 0) {
      result.buildErrors.push('go build succeeded although every generated file holds a failing canary: the overlay was not used');
    }
  }
  // Deduplicate the per-line 'reference' errors of a struct whose variable could not be declared.
  const seen = new Set<string>();
  result.mismatches = result.mismatches.filter((m) => {
    const id = `${m.key}|${m.figure}|${m.field ?? ''}|${m.detail}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  result.buildErrors = result.buildErrors.filter((l) => !/^exit status \d+$/.test(l.trim()));
  if (!(o.keepTemp || process.env.HEAPWISE_KEEP_ORACLE === '1')) rmSync(tempDir, { recursive: true, force: true });
  result.durationMs = performance.now() - started;
  return result;
}

/** Splits packages into groups in which no package (transitively) imports another. */
export function independentGroups(pkgs: string[], info: Map<string, { Deps?: string[] }>): string[][] {
  const set = new Set(pkgs);
  // depth = length of the longest import chain to another package of the set
  const depth = new Map<string, number>();
  const visit = (p: string, stack: Set<string>): number => {
    const known = depth.get(p);
    if (known !== undefined) return known;
    if (stack.has(p)) return 0;
    stack.add(p);
    let d = 0;
    for (const dep of info.get(p)?.Deps ?? []) if (set.has(dep)) d = Math.max(d, visit(dep, stack) + 1);
    stack.delete(p);
    depth.set(p, d);
    return d;
  };
  const groups: string[][] = [];
  for (const p of pkgs) (groups[visit(p, new Set())] ??= []).push(p);
  return groups.filter((g) => g && g.length > 0);
}

/** One line per mismatch, for assertion messages. */
export function formatMismatches(ms: OracleMismatch[], limit = 40): string {
  const lines = ms.slice(0, limit).map((m) => `  ${m.key} ${m.package}.${m.struct}: ${m.detail}`);
  if (ms.length > limit) lines.push(`  … and ${ms.length - limit} more`);
  return lines.join('\n');
}
