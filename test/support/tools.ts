// Shared helpers of the oracle tests: locating the Go toolchain, running commands with timeouts,
// installing the pinned reference tools once per run, and running the built heapwise CLI.
//
// Everything here is test support: it never imports from src/ (the CLI is exercised as a
// black box through dist/cli/main.js), so these tests keep working while src/ is in flux.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------------------------------------
// Pinned versions

/** golang.org/x/tools version whose fieldalignment is the reference for `struct-padding`. */
export const X_TOOLS_VERSION = 'v0.52.0';
export const FIELDALIGNMENT_MODULE = 'golang.org/x/tools';
export const FIELDALIGNMENT_PACKAGE = 'golang.org/x/tools/go/analysis/passes/fieldalignment/cmd/fieldalignment';
export const FIELDALIGNMENT_VERSION = X_TOOLS_VERSION;

/** The reference tools, as `go install` arguments. */
export const PINNED_TOOLS = {
  fieldalignment: { module: FIELDALIGNMENT_MODULE, package: FIELDALIGNMENT_PACKAGE, version: FIELDALIGNMENT_VERSION },
} as const;

// ---------------------------------------------------------------------------------------------
// Paths

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TOOLS_CACHE_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'heapwise-tools');
/** The built CLI; HEAPWISE_CLI overrides (e.g. to test an installed copy). */
export const HEAPWISE_CLI = process.env.HEAPWISE_CLI ? path.resolve(process.env.HEAPWISE_CLI) : path.join(REPO_ROOT, 'dist', 'cli', 'main.js');
/** Go sources of the test helpers built by this module (std-only, built outside any module). */
export const STRUCTDECLS_SOURCE = path.join(REPO_ROOT, 'test', 'support', 'go', 'structdecls', 'main.go');

export type Arch = 'amd64' | '386' | 'arm64' | 'arm';
export const ARCHES: readonly Arch[] = ['amd64', '386', 'arm64', 'arm'];

export function is32bit(arch: Arch): boolean {
  return arch === '386' || arch === 'arm';
}

// ---------------------------------------------------------------------------------------------
// Running commands

export interface RunOptions {
  cwd?: string;
  /** Merged over process.env; a value of undefined removes the variable. */
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  input?: string;
}

export interface RunResult {
  command: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
}

export class CommandError extends Error {
  constructor(
    message: string,
    readonly result?: RunResult,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

export const DEFAULT_TIMEOUT_MS = 5 * 60_000;

function mergeEnv(extra: Record<string, string | undefined> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(extra ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

function quote(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

export function describeCommand(cmd: string, args: readonly string[], env?: Record<string, string | undefined>): string {
  const vars = Object.entries(env ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${quote(v as string)}`);
  return [...vars, cmd, ...args.map(quote)].join(' ');
}

/** Runs a command to completion (never throws for a non-zero exit; see runChecked). */
export function runCommand(cmd: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const command = describeCommand(cmd, args, options.env);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: options.cwd,
      env: mergeEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
      // Own process group, so a timeout can stop the command and its children (go's compilers).
      detached: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new CommandError(
          e.code === 'ENOENT' ? `${cmd}: command not found (while running: ${command})` : `${command}: ${e.message}`,
        ),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        command,
        exitCode: code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        durationMs: performance.now() - started,
        timedOut,
      });
    });
    child.stdin.on('error', () => {
      /* the command may exit without reading its input */
    });
    child.stdin.end(options.input ?? '');
  });
}

function tail(text: string, lines = 25): string {
  const all = text.trimEnd().split('\n');
  return (all.length > lines ? ['…', ...all.slice(-lines)] : all).join('\n');
}

/** Explains a failed command: what ran, how it ended, and the end of its stderr. */
export function failureMessage(what: string, r: RunResult): string {
  const how = r.timedOut
    ? `did not finish within ${Math.round(r.durationMs / 1000)} s`
    : r.signal
      ? `was killed by ${r.signal}`
      : `exited with status ${r.exitCode}`;
  return `${what} ${how}\n  command: ${r.command}\n${tail(r.stderr || r.stdout)
    .split('\n')
    .map((l) => '  | ' + l)
    .join('\n')}`;
}

/** Runs a command and throws a CommandError unless it exits with one of okCodes (default 0). */
export async function runChecked(
  cmd: string,
  args: readonly string[],
  options: RunOptions & { okCodes?: number[]; what?: string } = {},
): Promise<RunResult> {
  const r = await runCommand(cmd, args, options);
  const ok = options.okCodes ?? [0];
  if (r.timedOut || r.exitCode === null || !ok.includes(r.exitCode)) {
    throw new CommandError(failureMessage(options.what ?? cmd, r), r);
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// The Go toolchain

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      if (statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

let goPath: string | undefined;

/** The `go` command: $HEAPWISE_GO, else `go` on PATH, else /usr/local/go/bin/go. */
export function goBinary(): string {
  if (goPath) return goPath;
  const fromEnv = process.env.HEAPWISE_GO;
  const candidates = [fromEnv, onPath('go'), '/usr/local/go/bin/go', path.join(process.env.HOME ?? '/root', 'go', 'bin', 'go')];
  for (const c of candidates) {
    if (c && existsSync(c)) return (goPath = c);
  }
  throw new CommandError('the Go toolchain was not found: set HEAPWISE_GO or put `go` (1.26 or later) on PATH');
}

export function runGo(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return runCommand(goBinary(), args, options);
}

export interface GoEnv {
  GOROOT: string;
  GOVERSION: string;
  GOHOSTARCH: string;
  GOHOSTOS: string;
  GOCACHE: string;
  GOMODCACHE: string;
  CGO_ENABLED: string;
}

let goEnvPromise: Promise<GoEnv> | undefined;

/** `go env` of the host (GOARCH/GOOS of the test process are ignored). */
export function goEnv(): Promise<GoEnv> {
  goEnvPromise ??= (async () => {
    const keys = ['GOROOT', 'GOVERSION', 'GOHOSTARCH', 'GOHOSTOS', 'GOCACHE', 'GOMODCACHE', 'CGO_ENABLED'] as const;
    const r = await runChecked(goBinary(), ['env', '-json', ...keys], {
      env: { GOARCH: undefined, GOOS: undefined },
      timeoutMs: 60_000,
      what: 'go env',
    });
    return JSON.parse(r.stdout) as GoEnv;
  })();
  return goEnvPromise;
}

/** GOROOT/src: the "module root" of the standard library (module `std`). */
export async function stdRoot(): Promise<string> {
  return path.join((await goEnv()).GOROOT, 'src');
}

/**
 * The environment under which fieldalignment, `go list` and `go build` see the same files as
 * heapwise does for `--arch`: GOARCH set; cgo as the go command defaults it (on for the host
 * architecture when a C compiler exists, off when cross-compiling — set explicitly here).
 */
export async function archEnv(arch: Arch): Promise<Record<string, string | undefined>> {
  const host = await goEnv();
  // GOOS stays the host's, as for the heapwise CLI (which gets --arch only).
  const env: Record<string, string | undefined> = { GOARCH: arch, GOOS: undefined, GOWORK: 'off' };
  if (arch !== host.GOHOSTARCH) env.CGO_ENABLED = '0';
  return env;
}

// ---------------------------------------------------------------------------------------------
// Pinned reference tools, installed once per run

export interface InstalledTool {
  name: string;
  path: string;
  /** The module version recorded in the binary (`go version -m`). */
  version: string;
  /** The Go version the tool was built with (must match the toolchain, to type-check its std). */
  goVersion: string;
}

async function inspectBinary(bin: string): Promise<{ goVersion: string; modules: Map<string, string> } | undefined> {
  if (!existsSync(bin)) return undefined;
  const r = await runGo(['version', '-m', bin], { timeoutMs: 60_000 });
  if (r.exitCode !== 0) return undefined;
  const lines = r.stdout.split('\n');
  const goVersion = /:\s+(go\S+)/.exec(lines[0] ?? '')?.[1] ?? '';
  const modules = new Map<string, string>();
  for (const l of lines) {
    const m = /^\s+(?:mod|dep)\s+(\S+)\s+(\S+)/.exec(l);
    if (m) modules.set(m[1]!, m[2]!);
  }
  return { goVersion, modules };
}

const installs = new Map<string, Promise<InstalledTool>>();

/**
 * Installs `pkg@version` with GOBIN = TOOLS_CACHE_DIR unless a binary built from that module
 * version by the current toolchain is already there. Safe against concurrent test processes:
 * each installs into its own directory and renames the binary into place.
 */
export function ensureGoTool(name: string, pkg: string, module: string, version: string): Promise<InstalledTool> {
  const key = `${pkg}@${version}`;
  let p = installs.get(key);
  if (!p) {
    p = (async () => {
      const env = await goEnv();
      const bin = path.join(TOOLS_CACHE_DIR, name);
      const have = await inspectBinary(bin);
      if (have && have.modules.get(module) === version && have.goVersion === env.GOVERSION) {
        return { name, path: bin, version, goVersion: have.goVersion };
      }
      mkdirSync(TOOLS_CACHE_DIR, { recursive: true });
      const gobin = await mkdtemp(path.join(TOOLS_CACHE_DIR, `.install-${name}-`));
      try {
        await runChecked(goBinary(), ['install', `${pkg}@${version}`], {
          cwd: gobin,
          env: { GOBIN: gobin, GOARCH: undefined, GOOS: undefined, GOFLAGS: '-buildvcs=false', GOWORK: 'off', CGO_ENABLED: '0' },
          timeoutMs: 10 * 60_000,
          what: `installing ${name} (go install ${pkg}@${version})`,
        });
        renameSync(path.join(gobin, name), bin);
      } finally {
        rmSync(gobin, { recursive: true, force: true });
      }
      const got = await inspectBinary(bin);
      if (!got || got.modules.get(module) !== version) {
        throw new CommandError(`${bin} does not report ${module} ${version} after go install`);
      }
      return { name, path: bin, version, goVersion: got.goVersion };
    })();
    installs.set(key, p);
    p.catch(() => installs.delete(key));
  }
  return p;
}

/** fieldalignment at the pinned x/tools version. */
export function ensureFieldalignment(): Promise<InstalledTool> {
  const t = PINNED_TOOLS.fieldalignment;
  return ensureGoTool('fieldalignment', t.package, t.module, t.version);
}

let structdeclsPromise: Promise<string> | undefined;

/** Builds test/support/go/structdecls (std only) into the tools cache, once per run. */
export function ensureStructDecls(): Promise<string> {
  structdeclsPromise ??= (async () => {
    const env = await goEnv();
    mkdirSync(TOOLS_CACHE_DIR, { recursive: true });
    const bin = path.join(TOOLS_CACHE_DIR, 'structdecls');
    const dir = await mkdtemp(path.join(TOOLS_CACHE_DIR, '.build-structdecls-'));
    try {
      // go build caches the compilation, so rebuilding each run costs a link at most.
      await runChecked(goBinary(), ['build', '-o', path.join(dir, 'structdecls'), STRUCTDECLS_SOURCE], {
        cwd: path.dirname(STRUCTDECLS_SOURCE),
        env: { GOARCH: undefined, GOOS: undefined, GOWORK: 'off', GOFLAGS: '-buildvcs=false', CGO_ENABLED: '0', GO111MODULE: 'on' },
        timeoutMs: 5 * 60_000,
        what: `building the structdecls helper with ${env.GOVERSION}`,
      });
      renameSync(path.join(dir, 'structdecls'), bin);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return bin;
  })();
  structdeclsPromise.catch(() => (structdeclsPromise = undefined));
  return structdeclsPromise;
}

// ---------------------------------------------------------------------------------------------
// The heapwise CLI (black box)

export interface HeapwiseField {
  name: string;
  type: string;
  offset: number;
  size: number;
  align: number;
}

export interface HeapwiseStruct {
  package: string;
  name: string;
  file: string;
  line: number;
  column: number;
  size: number;
  optimalSize: number;
  ptrBytes: number;
  optimalPtrBytes: number;
  align: number;
  sizeClass?: number;
  optimalSizeClass?: number;
  fields: HeapwiseField[];
  optimalOrder: string[];
  unknown?: string;
  layoutFixed?: string;
}

export interface HeapwiseFinding {
  analyzer: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fix?: { message: string; edits: { file: string; start: number; end: number; newText: string }[] };
  data?: Record<string, unknown>;
}

export interface HeapwiseReport {
  version: string;
  tool: 'heapwise';
  goVersion: string;
  module: string;
  root?: string;
  arch: string;
  findings: HeapwiseFinding[];
  structs: HeapwiseStruct[];
  stats: Record<string, unknown>;
}

export class HeapwiseUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HeapwiseUnavailableError';
  }
}

/** Why the heapwise CLI cannot be run, or undefined when dist/cli/main.js exists. */
export function heapwiseUnavailableReason(): string | undefined {
  if (!existsSync(HEAPWISE_CLI)) {
    return `the heapwise CLI is not built: ${path.relative(REPO_ROOT, HEAPWISE_CLI)} is missing (run \`npm run build\`; src/ may not compile yet)`;
  }
  return undefined;
}

export interface HeapwiseRunOptions {
  /** Directory passed as -C (module root, or GOROOT/src for the standard library). */
  dir: string;
  patterns: string[];
  arch: Arch;
  only?: string;
  tests?: boolean;
  extraArgs?: string[];
  timeoutMs?: number;
}

export interface HeapwiseRun {
  report: HeapwiseReport;
  result: RunResult;
}

export function heapwiseArgs(o: HeapwiseRunOptions): string[] {
  const args = ['analyze', ...o.patterns, '-C', o.dir, '--arch', o.arch, '--format', 'json'];
  if (o.only) args.push('--only', o.only);
  if (o.tests) args.push('--tests');
  args.push(...(o.extraArgs ?? []));
  return args;
}

/** Runs `node dist/cli/main.js analyze …` and parses its JSON report. */
export async function runHeapwise(o: HeapwiseRunOptions): Promise<HeapwiseRun> {
  const why = heapwiseUnavailableReason();
  if (why) throw new HeapwiseUnavailableError(why);
  const args = [HEAPWISE_CLI, ...heapwiseArgs(o)];
  // The CLI gets --arch only: GOARCH/GOOS of this process must not leak into it.
  const result = await runCommand(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { GOARCH: undefined, GOOS: undefined, NO_COLOR: '1' },
    timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  if (result.timedOut || result.signal) throw new HeapwiseUnavailableError(failureMessage('heapwise', result));
  let report: HeapwiseReport;
  try {
    report = JSON.parse(result.stdout) as HeapwiseReport;
  } catch (e) {
    throw new HeapwiseUnavailableError(
      `${failureMessage('heapwise', result)}\n  stdout is not one JSON object (${(e as Error).message}); first bytes: ${JSON.stringify(result.stdout.slice(0, 200))}`,
    );
  }
  if (!report || report.tool !== 'heapwise' || !Array.isArray(report.findings) || !Array.isArray(report.structs)) {
    throw new HeapwiseUnavailableError(
      `${failureMessage('heapwise', result)}\n  stdout is JSON but not a heapwise report (want tool "heapwise", findings[], structs[])`,
    );
  }
  return { report, result };
}

// ---------------------------------------------------------------------------------------------
// Small utilities

/** Runs fns with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
  return results;
}

/** A limiter: run(fn) starts fn when fewer than `limit` are in flight, and returns its promise. */
export function createLimiter(limit: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    active--;
    queue.shift()?.();
  };
  return <T>(fn: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const start = () => {
        active++;
        fn().then(resolve, reject).finally(release);
      };
      if (active < limit) start();
      else queue.push(start);
    });
}

/** Splits text holding several JSON values one after another (as `go vet -json` prints them). */
export function parseConcatenatedJson(text: string): unknown[] {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      if (depth > 0) inString = true;
    } else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0 && start >= 0) {
        values.push(JSON.parse(text.slice(start, i + 1)));
        start = -1;
      }
    }
  }
  return values;
}

/** Path relative to root with forward slashes (files outside root stay absolute). */
export function relativeTo(root: string, file: string): string {
  const rel = path.relative(root, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return file;
  return rel.split(path.sep).join('/');
}
