// One compile of the packages whose facts are not cached: `go build -o /dev/null` with
// `-gcflags=<import path>=-m=2 -json=0,<fresh dir>` per package, so only those packages are
// recompiled with diagnostics (dependencies come from the Go build cache). The fresh directory
// is part of the flags, so the action is never a Go build cache hit that would print replayed
// text but write no JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { trace } from '../core/trace.js';
import { runGo } from '../go/toolchain.js';
import type { PackageFacts } from './model.js';
import { escapeSubjects, otherFacts, readJsonDiagnostics } from './parse-json.js';
import { parseCompilerText } from './parse-text.js';

export interface CompileResult {
  packages: Map<string, PackageFacts>;
  unrecognized: string[];
}

export async function compileForFacts(cwd: string, importPaths: string[], pkgOfFile: (f: string) => string | undefined): Promise<CompileResult> {
  const jsonDir = mkdtempSync(path.join(os.tmpdir(), 'heapwise-escape-'));
  try {
    const args = ['build', '-o', os.devNull];
    for (const ip of importPaths) args.push(`-gcflags=${ip}=-m=2 -json=0,${jsonDir}`);
    args.push('--', ...importPaths);
    const r = await runGo(args, { cwd, allowFailure: true });
    if (r.exitCode !== 0) throw await compileError(cwd, importPaths, r.stderr);
    trace('escape: go build -gcflags=-m=2 done');
    const parsed = parseCompilerText(r.stderr, cwd);
    const diags = readJsonDiagnostics(jsonDir);
    const subjects = escapeSubjects(diags);
    for (const facts of parsed.packages.values()) {
      for (const d of facts.heap) {
        if (d.detail) continue;
        const longer = subjects.get(`${d.file}:${d.line}:${d.column}`)?.find((s) => s !== d.expr && s.startsWith(`${d.expr}(`));
        if (longer) d.detail = longer;
      }
    }
    for (const o of otherFacts(diags, pkgOfFile)) parsed.packages.get(o.pkg)?.other.push(o);
    return parsed;
  } finally {
    rmSync(jsonDir, { recursive: true, force: true });
  }
}

/** The compiler's own errors, without the -m=2 diagnostics printed around them. */
async function compileError(cwd: string, importPaths: string[], stderr: string): Promise<InputError> {
  const plain = await runGo(['build', '-o', os.devNull, '--', ...importPaths], { cwd, allowFailure: true });
  const text = (plain.exitCode !== 0 ? plain.stderr : stderr).trim();
  const lines = text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('# '));
  return new InputError(`the packages do not compile:\n${lines.slice(0, 20).join('\n')}${lines.length > 20 ? `\n(${lines.length - 20} more lines)` : ''}`);
}
