// Test support (used by src/gc/*.test.ts and test/e2e/gc.test.ts; it lives in src/ because
// tsconfig's rootDir is src). Builds the gcworkload program (test/fixtures/gc/workload) once per test file and runs it with GODEBUG=gctrace=1 under a
// chosen GOGC/GOMEMLIMIT, returning the real trace it wrote to stderr.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
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

/**
 * Starts measuring how much of the machine's CPU other processes use: everything but this
 * process and the children it has waited for (the workload runs). The returned function gives
 * that share of all CPUs since the start, 0..1, or null where /proc is not there (not Linux).
 *
 * Why: the GC CPU a cycle is charged depends on what else runs. Beside bursty work (the rest of
 * the test suite, compiles) frequent cycles came out cheaper than rare ones and a fit at one
 * setting over-predicted the others by up to 39% (the 64 MiB limit +25%, against -6.5% with the
 * machine to itself; docs/gc.md): a check of the model against such runs says nothing about
 * the model.
 */
export function othersCpuShare(): () => number | null {
  const start = cpuTicks();
  return () => {
    const end = cpuTicks();
    if (!start || !end || end.total <= start.total) return null;
    const others = end.busy - start.busy - (end.self - start.self);
    return Math.max(0, others) / (end.total - start.total);
  };
}

/** Clock ticks from /proc: the machine's total and busy time (all CPUs), and this process's with its reaped children. */
function cpuTicks(): { total: number; busy: number; self: number } | null {
  try {
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest is inside user)
    const machine = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = machine.reduce((a, b) => a + b, 0);
    const busy = total - machine[3]! - machine[4]!;
    // Fields after the command name's closing parenthesis, from field 3 (state) on: utime,
    // stime, cutime, cstime are fields 14-17.
    const own = readFileSync('/proc/self/stat', 'utf8');
    const f = own.slice(own.lastIndexOf(')') + 2).split(' ').map(Number);
    const self = f[11]! + f[12]! + f[13]! + f[14]!;
    return [total, busy, self].every(Number.isFinite) ? { total, busy, self } : null;
  } catch {
    return null;
  }
}

/**
 * Over this share of the machine's CPU used by other processes while runs are measured, the
 * validation tests print GC CPU but do not check it. Those tests alone on the machine leave
 * others under 1% (the reporter, the kernel).
 */
export const busyMachineShare = 0.1;

/** Whether GC CPU measured beside that much other work can check the model (unknown: it is checked). */
export const machineQuietEnough = (others: number | null) => others === null || others <= busyMachineShare;

/** The line the validation tests print about the machine. */
export function machineLine(others: number | null): string {
  const share = others === null ? 'an unknown share (no /proc)' : `${(100 * others).toFixed(1)}%`;
  return `other processes used ${share} of the CPU while the runs were measured${machineQuietEnough(others) ? '' : ` (over ${100 * busyMachineShare}%: GC CPU printed, not checked)`}`;
}
