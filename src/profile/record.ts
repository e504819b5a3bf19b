// `heapwise profile record`: runs a package's benchmarks with -memprofile (through the one door
// to the Go toolchain, runGo) and returns the profile's path. The test binary go test leaves
// beside a profile goes to a temporary directory instead of the user's.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ToolchainError, UsageError } from '../core/errors.js';
import { runGo } from '../go/toolchain.js';

export interface RecordOptions {
  /** Directory to run in (inside the module). */
  dir: string;
  /** One package pattern: go test writes one memory profile per run, for one package. */
  pattern: string;
  /** -bench regex. */
  bench: string;
  /** Where the profile goes. */
  output: string;
  /** runtime.MemProfileRate: 1 records every allocation. */
  memProfileRate?: number;
  /** -benchtime (e.g. 1000x, 2s). */
  benchtime?: string;
}

export async function recordProfile(o: RecordOptions): Promise<string> {
  if (/\.\.\.|\s/.test(o.pattern)) throw new UsageError(`record profiles one package at a time (go test -memprofile), not "${o.pattern}"`);
  const out = path.resolve(o.output);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'heapwise-record-'));
  try {
    const args = ['test', '-run=^$', `-bench=${o.bench}`, '-benchmem', `-memprofile=${out}`, '-o', path.join(tmp, 'bench.test')];
    if (o.memProfileRate !== undefined) args.push(`-memprofilerate=${o.memProfileRate}`);
    if (o.benchtime) args.push(`-benchtime=${o.benchtime}`);
    args.push(o.pattern);
    const r = await runGo(args, { cwd: o.dir, allowFailure: true, timeoutMs: 30 * 60_000 });
    if (r.exitCode !== 0) {
      const lines = (r.stderr + '\n' + r.stdout).split('\n').map((l) => l.trim()).filter(Boolean);
      const why = lines.find((l) => /^(FAIL|---|panic|.*\.go:\d+)/.test(l) && !/^FAIL\s+\S+\s+[\d.]+s$/.test(l)) ?? lines[0] ?? `exit status ${r.exitCode}`;
      throw new ToolchainError(`go test -bench ${o.bench} ${o.pattern} failed: ${why}`);
    }
    if (/no test files|testing: warning: no tests to run/.test(r.stdout + r.stderr) && !/^Benchmark/m.test(r.stdout)) {
      throw new UsageError(`no benchmark matches -bench ${o.bench} in ${o.pattern}`);
    }
    if (!/^Benchmark/m.test(r.stdout)) throw new UsageError(`no benchmark matches -bench ${o.bench} in ${o.pattern}`);
    return out;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
