// One compile of the packages whose facts are not cached: `go list -export` with
// `-gcflags=<package pattern>=-m=2 -json=0,<fresh dir>`, so only those packages are recompiled
// with diagnostics (dependencies come from the Go build cache). The fresh directory is part of
// the flags, so the action is never a Go build cache hit that would print replayed text but
// write no JSON.
//
// `go list -export` runs the same compile actions as `go build` and prints the same compiler
// output, but links nothing: `go build` of several packages links every main package among
// them only to discard the binary (for examples/shopsvc's two commands, 300 ms of a 650 ms
// build; with list -export the whole run takes 400 ms).
//
// The text is parsed as the go command prints it (one package at a time, as each finishes),
// and a package's -json directory is read as soon as its output appears, so when the compile
// ends only the last package's work is left.
import { mkdtempSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { trace } from '../core/trace.js';
import { runGo } from '../go/toolchain.js';
import { callPrefixes, type PackageFacts } from './model.js';
import { escapeSubjects, jsonPackageDirName, otherFacts, readJsonDiagnostics, readJsonPackage, type JsonDiagnostic } from './parse-json.js';
import { CompilerTextParser, type ParsedText } from './parse-text.js';

export interface CompileResult {
  packages: Map<string, PackageFacts>;
  unrecognized: string[];
}

/** The compile's output, parsed but not yet joined (that needs to know which package owns a file). */
export interface RawCompile {
  parsed: ParsedText;
  diags: JsonDiagnostic[];
}

export interface CompileRun {
  /**
   * The parsed output. Rejects with the compiler's errors as an InputError, or with a
   * `CompileFailed` when `plainErrors` is false (the caller decides what to do then).
   */
  done: Promise<RawCompile>;
  /** Settles when the -json directory is removed (started as soon as it has been read). */
  cleanedUp: Promise<void>;
  /** Stops the compile (its result is no longer wanted); `done` then rejects. */
  abort(): void;
}

export interface CompileOptions {
  cwd: string;
  /**
   * `-gcflags` package patterns: import paths, or the user's patterns when go list has not
   * answered yet, or the .go files of a command-line-arguments package.
   */
  packages: string[];
  /** On failure, rerun a plain go build for the compiler's own errors (an InputError). */
  plainErrors: boolean;
  /** A package finished compiling: its output appeared, or its -json directory did. */
  onPackage?: (importPath: string) => void;
}

/** The build failed; `stderr` is what it printed. */
export class CompileFailed extends Error {
  constructor(readonly stderr: string) {
    super('go build -gcflags=-m=2 failed');
  }
}

/** How often the -json directory is looked at for packages that print nothing (progress only). */
const pollMs = 150;

export function startCompile(options: CompileOptions): CompileRun {
  const { cwd, packages } = options;
  const jsonDir = mkdtempSync(path.join(os.tmpdir(), 'heapwise-escape-'));
  const controller = new AbortController();
  const read = new Map<string, JsonDiagnostic[]>();
  const notify = options.onPackage;
  const parser = new CompilerTextParser(cwd, (pkg) => {
    // Its compile has ended, so its directory is complete (main packages share `main`: read last).
    const name = jsonPackageDirName(pkg);
    if (name !== 'main' && !read.has(name)) read.set(name, readJsonPackage(jsonDir, name));
    notify?.(pkg);
  });
  // Nothing on stdout: the compiler's output is on stderr (an empty -f would print import paths).
  const args = ['list', '-export', '-f', '{{""}}'];
  // Go files named on the command line are one package, `command-line-arguments`, which no
  // import path names: flags without a pattern apply to it.
  if (packages.length > 0 && packages.every((p) => p.endsWith('.go'))) args.push(`-gcflags=-m=2 -json=0,${jsonDir}`);
  else for (const p of packages) args.push(`-gcflags=${p}=-m=2 -json=0,${jsonDir}`);
  args.push('--', ...packages);
  const poll = notify ? setInterval(() => pollJsonDir(jsonDir, notify), pollMs) : undefined;
  let cleanup: Promise<void> | undefined;
  const cleanUp = () => (cleanup ??= rm(jsonDir, { recursive: true, force: true }).catch(() => undefined));

  const done = (async (): Promise<RawCompile> => {
    try {
      trace(`escape: go list -export -gcflags=-m=2 started (${packages.length} package patterns)`);
      const r = await runGo(args, { cwd, allowFailure: true, signal: controller.signal, onStderr: (chunk) => parser.push(chunk) });
      clearInterval(poll);
      if (notify) pollJsonDir(jsonDir, notify); // the last packages, that printed nothing
      if (r.exitCode !== 0) throw options.plainErrors ? await compileError(cwd, packages, r.stderr) : new CompileFailed(r.stderr);
      trace('escape: go list -export -gcflags=-m=2 done');
      const parsed = parser.end();
      const diags = readJsonDiagnostics(jsonDir, read);
      return { parsed, diags };
    } finally {
      clearInterval(poll);
      void cleanUp();
    }
  })();
  return {
    done,
    cleanedUp: done.then(cleanUp, cleanUp),
    abort: () => controller.abort(),
  };
}

/** Joins the JSON to the text: the whole expression where -m shortens it, and the facts only the JSON has. */
export function joinCompile(raw: RawCompile, pkgOfFile: (f: string) => string | undefined): CompileResult {
  const { parsed, diags } = raw;
  // The first subject at each position by each `name(` prefix it has: generic code repeats a
  // position for every instantiation, and a search of the position's list per decision took
  // seconds on redis/go-redis.
  const longerForm = new Map<string, string>();
  for (const [pos, list] of escapeSubjects(diags)) {
    for (const s of list) {
      for (const prefix of callPrefixes(s)) {
        const key = `${pos}\0${prefix}`;
        if (!longerForm.has(key)) longerForm.set(key, s);
      }
    }
  }
  for (const facts of parsed.packages.values()) {
    for (const d of facts.heap) {
      if (d.detail) continue;
      const longer = longerForm.get(`${d.file}:${d.line}:${d.column}\0${d.expr}`);
      if (longer) d.detail = longer;
    }
  }
  for (const o of otherFacts(diags, pkgOfFile)) parsed.packages.get(o.pkg)?.other.push(o);
  return parsed;
}

export async function compileForFacts(cwd: string, importPaths: string[], pkgOfFile: (f: string) => string | undefined): Promise<CompileResult> {
  const run = startCompile({ cwd, packages: importPaths, plainErrors: true });
  try {
    return joinCompile(await run.done, pkgOfFile);
  } finally {
    await run.cleanedUp;
  }
}

/** Packages whose -json directory has appeared (main packages, all in `main`, are heard from their output instead). */
function pollJsonDir(jsonDir: string, notify: (importPath: string) => void): void {
  let names: string[];
  try {
    names = readdirSync(jsonDir);
  } catch {
    return;
  }
  for (const n of names) {
    if (n === 'main') continue;
    try {
      notify(decodeURIComponent(n));
    } catch {
      // not an escaped import path: not a package directory
    }
  }
}

/** The compiler's own errors, without the -m=2 diagnostics printed around them. */
export async function compileError(cwd: string, packages: string[], stderr: string): Promise<InputError> {
  return (await buildErrors(cwd, packages)) ?? notCompiling(stderr);
}

/** What a plain go build of the packages says is wrong, or undefined when it builds. */
export async function buildErrors(cwd: string, packages: string[]): Promise<InputError | undefined> {
  const plain = await runGo(['build', '-o', os.devNull, '--', ...packages], { cwd, allowFailure: true });
  return plain.exitCode === 0 ? undefined : notCompiling(plain.stderr);
}

function notCompiling(stderr: string): InputError {
  const lines = stderr
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('# '));
  return new InputError(`the packages do not compile:\n${lines.slice(0, 20).join('\n')}${lines.length > 20 ? `\n(${lines.length - 20} more lines)` : ''}`);
}
