// Test support (used by src/gc/*.test.ts and test/e2e/gc.test.ts; it lives in src/ because
// tsconfig's rootDir is src). Builds the gcworkload program (test/fixtures/gc/workload) once per test file and runs it with GODEBUG=gctrace=1 under a
// chosen GOGC/GOMEMLIMIT, returning the real trace it wrote to stderr.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runGo } from '../go/toolchain.js';
import { fromSec, parseTrace, type ParsedTrace } from './trace.js';

export const workloadDir = path.join(import.meta.dirname, '../../test/fixtures/gc/workload');

let built: Promise<string> | undefined;

export function buildWorkload(): Promise<string> {
  built ??= (async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'heapwise-gcw-')), 'gcworkload');
    await runGo(['build', '-o', out, '.'], { cwd: workloadDir, env: { GOFLAGS: '-mod=mod' }, timeoutMs: 120_000 });
    return out;
  })();
  return built;
}

export interface WorkloadRun {
  gogc?: string;
  memlimit?: string;
  args?: string[];
  /** Extra GODEBUG settings after gctrace=1 (scavtrace=1 adds the scavenger's lines). */
  godebug?: string;
}

export async function runWorkload(run: WorkloadRun): Promise<{ stderr: string; stdout: string }> {
  const bin = await buildWorkload();
  const env: NodeJS.ProcessEnv = { ...process.env, GODEBUG: ['gctrace=1', run.godebug].filter(Boolean).join(','), GOMAXPROCS: '2' };
  delete env.GOGC;
  delete env.GOMEMLIMIT;
  if (run.gogc !== undefined) env.GOGC = run.gogc;
  if (run.memlimit !== undefined) env.GOMEMLIMIT = run.memlimit;
  return new Promise((resolve, reject) => {
    execFile(bin, run.args ?? [], { env, timeout: 60_000, maxBuffer: 1 << 28, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`gcworkload ${JSON.stringify(run)} failed: ${err.message}\n${stderr.slice(-2000)}`));
      else resolve({ stdout, stderr });
    });
  });
}

/** A run's trace from `sinceSec` on (the steady state the model describes), named `name`. */
export async function steadyTrace(run: WorkloadRun, sinceSec: number, name: string): Promise<ParsedTrace> {
  return fromSec(parseTrace((await runWorkload(run)).stderr, name), sinceSec);
}
