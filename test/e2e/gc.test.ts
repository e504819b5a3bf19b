// `heapwise gc trace|whatif|recommend|run` through the built CLI, on real traces from the
// gcworkload program (test/fixtures/gc/workload).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { diagnose } from '../../src/gc/diagnose.js';
import { fitModel, whatIf } from '../../src/gc/model.js';
import { parseTrace } from '../../src/gc/trace.js';
import { parseVars } from '../../src/gc/vars.js';
import { buildWorkload, runWorkload, workloadDir } from '../../src/gc/testing.js';
import { runGo } from '../../src/go/toolchain.js';
import { cliPath, runCli } from '../support/cli.js';

const MiB = 1 << 20;
const goVersion = async () => (await runGo(['env', 'GOVERSION'], { cwd: workloadDir })).stdout.trim();
const malformed = path.join(import.meta.dirname, '../fixtures/gc/malformed');
let dir: string;
let traceFile: string;
let traceText: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'heapwise-gc-e2e-'));
  const r = await runWorkload({ gogc: '100', args: ['-duration', '1.5s'] });
  // The program's own output mixed in, as in a service's log.
  traceText = r.stdout + r.stderr;
  traceFile = path.join(dir, 'trace.txt');
  writeFileSync(traceFile, traceText);
});

describe('gc trace', () => {
  test('text: the cycle count and steady figures of the real trace', () => {
    const r = runCli(['gc', 'trace', traceFile]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const s = diagnose(parseTrace(traceText, traceFile));
    expect(r.stdout).toContain(`${traceFile}: ${s.cycles} GC cycles`);
    expect(r.stdout).toContain(`cycles/s          ${s.cyclesPerSec.toFixed(2)}`);
    expect(r.stdout).toMatch(/STW pauses +p50 [\d.]+ ms, p99 [\d.]+ ms, max [\d.]+ ms/);
    expect(r.stdout).not.toMatch(/finding: suspected leak/);
  });
  test('json from stdin equals json from the file', () => {
    const fromFile = JSON.parse(runCli(['gc', 'trace', traceFile, '--format', 'json']).stdout);
    const r = spawnSync(process.execPath, [cliPath, 'gc', 'trace', '-', '--format', 'json'], { input: traceText, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const fromStdin = JSON.parse(r.stdout);
    expect(fromStdin).toEqual(fromFile);
    // A gctrace does not name the runtime that printed it: unknown, not the local toolchain's.
    expect(fromFile.goVersion).toBeNull();
    const s = fromFile.summary;
    expect(s.cycles).toBe(traceText.split('\n').filter((l) => l.startsWith('gc ')).length);
    expect(s.gcCpuPercent).toBeCloseTo(s.backgroundCpuPercent + s.assistCpuPercent + s.idleCpuPercent, 0);
    expect(s.pauseMs.p50).toBeLessThanOrEqual(s.pauseMs.p99);
    expect(s.pauseMs.p99).toBeLessThanOrEqual(s.pauseMs.max);
    expect(s.liveHeapBytes.last).toBeGreaterThanOrEqual(32 * MiB);
    expect(s.goalOverLive).toBeGreaterThan(1.8);
    expect(s.goalOverLive).toBeLessThan(2.2);
  });
});

describe('--since: the steady state after start-up', () => {
  test('gc trace and gc whatif leave out the cycles that started earlier', () => {
    const all = parseTrace(traceText, traceFile).cycles;
    const from = 0.5;
    const kept = all.filter((c) => c.startSec >= from);
    expect(kept.length).toBeGreaterThan(3);
    expect(kept.length).toBeLessThan(all.length);
    const r = runCli(['gc', 'trace', traceFile, '--since', '500ms', '--format', 'json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout).summary;
    expect(out.cycles).toBe(kept.length);
    expect(out.cyclesPerSec).toBeCloseTo(diagnose({ ...parseTrace(traceText, traceFile), cycles: kept }).cyclesPerSec, 6);
    const w = JSON.parse(runCli(['gc', 'whatif', traceFile, '--since', '0.5s', '--gogc', '100', '--memory-limit', 'none', '--format', 'json']).stdout);
    expect(w.model.liveBytes).toBeCloseTo(fitModel({ ...parseTrace(traceText, traceFile), cycles: kept }, 100).liveBytes, 0);
  });
  test('past the last cycle, or not a duration: one line, exit 2', () => {
    const late = runCli(['gc', 'trace', traceFile, '--since', '1m']);
    expect(late.status).toBe(2);
    expect(late.stderr).toMatch(/^heapwise: .*trace\.txt: no GC cycle starts 60s or later after start: the last one \(gc \d+\) starts at [\d.]+s\n$/);
    const bad = runCli(['gc', 'whatif', traceFile, '--since', 'soon']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('heapwise: --since: expected a duration such as 30s, 1m30s or 500ms, not "soon"\n');
  });
});

describe('gc whatif and recommend', () => {
  test('json: the grid, as the model computes it', () => {
    // --memory-limit none: without it a container's cgroup limit would be used.
    const r = runCli(['gc', 'whatif', traceFile, '--gogc', '100', '--memory-limit', 'none', '--format', 'json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    const expected = whatIf(fitModel(parseTrace(traceText, traceFile), 100), null);
    expect(out.whatIf.map((w: { gogc: unknown }) => w.gogc)).toEqual(['off', 25, 50, 100, 200, 400]);
    for (const [i, w] of out.whatIf.entries()) {
      expect(w.cyclesPerSec).toBeCloseTo(expected[i]!.cyclesPerSec, 6);
      expect(w.gcCpuPercent).toBeCloseTo(expected[i]!.gcCpuPercent, 6);
      expect(w.memoryLimit).toBeNull();
    }
    // Without a limit, GOGC=off never collects and the heap has no bound.
    expect(out.whatIf[0]).toMatchObject({ cyclesPerSec: 0, peakHeapBytes: null });
    // More GOGC: fewer cycles, bigger heap.
    const on = out.whatIf.slice(1);
    for (let i = 1; i < on.length; i++) {
      expect(on[i].cyclesPerSec).toBeLessThan(on[i - 1].cyclesPerSec);
      expect(on[i].peakHeapBytes).toBeGreaterThan(on[i - 1].peakHeapBytes);
    }
    expect(out.summary.cycles).toBeGreaterThan(3);
  });
  test('a memory limit bounds every row; text shows the table', () => {
    const json = JSON.parse(runCli(['gc', 'whatif', traceFile, '--memory-limit', '64MiB', '--format', 'json']).stdout);
    for (const w of json.whatIf) {
      expect(w.memoryLimit).toBe(64 * MiB);
      expect(w.totalMemoryBytes).toBeLessThanOrEqual(64 * MiB);
    }
    expect(json.whatIf[0].limitBound).toBe(true);
    const text = runCli(['gc', 'whatif', traceFile, '--memory-limit', '64MiB']).stdout;
    expect(text).toMatch(/GOGC +GOMEMLIMIT +cycles\/s +peak heap +total memory +GC CPU/);
    expect(text).toMatch(/\n +off +64\.0 MiB .*limit sets the goal/);
  });
  test('recommend: GOGC and GOMEMLIMIT, predicted figures, the binding constraint', () => {
    const r = runCli(['gc', 'recommend', traceFile, '--memory', '512MiB', '--cpu-budget', '5%', '--format', 'json']);
    expect(r.status).toBe(0);
    const rec = JSON.parse(r.stdout).recommendation;
    expect(rec.memoryLimitBytes).toBe(Math.floor(512 * MiB * 0.9));
    expect(['memory', 'cpu', 'none']).toContain(rec.binding);
    expect(rec.prediction.totalMemoryBytes).toBeLessThanOrEqual(512 * MiB);
    const text = runCli(['gc', 'recommend', traceFile, '--memory', '512MiB']).stdout;
    expect(text).toMatch(/^recommend: GOGC=(off|\d+) GOMEMLIMIT=460MiB\n/);
    expect(text).toMatch(/binding constraint: (memory|cpu|none): /);
  });
});

describe('bad input: one line, file and line, exit 2', () => {
  test('a malformed gc line', () => {
    const f = path.join(malformed, 'truncated.txt');
    const r = runCli(['gc', 'trace', f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`heapwise: ${f}:3: malformed gctrace line: no "X->Y->Z MB" field in "gc 2 @0.020s 0%: 0.010+0.5+0.002 ms clock, 0.021+0.1/0.2/0.3+0.004 ms cpu, 4->4"\n`);
  });
  test('no gc lines, a missing file, a bad size, too few cycles to fit', () => {
    const none = runCli(['gc', 'trace', path.join(malformed, 'no-gc.txt')]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^heapwise: .*no-gc\.txt: no gctrace lines .*\n$/);
    const missing = runCli(['gc', 'trace', path.join(dir, 'absent.txt')]);
    expect(missing.stderr).toMatch(/^heapwise: .*absent\.txt: cannot read: ENOENT\n$/);
    expect(missing.status).toBe(2);
    const size = runCli(['gc', 'whatif', traceFile, '--memory-limit', 'lots']);
    expect(size.status).toBe(2);
    expect(size.stderr).toBe('heapwise: --memory-limit: expected a size such as 512MiB, 2GiB or 500MB, not "lots"\n');
    const short = path.join(dir, 'short.txt');
    writeFileSync(short, traceText.split('\n').filter((l) => l.startsWith('gc ')).slice(0, 2).join('\n') + '\n');
    const few = runCli(['gc', 'whatif', short]);
    expect(few.status).toBe(2);
    expect(few.stderr).toMatch(/^heapwise: .*short\.txt: the model needs at least 3 GC cycles after start-up; the trace has 2\n$/);
  });
});

describe('a heap under the runtime\'s minimum goal', () => {
  test('whatif without --gogc says it cannot infer it (exit 2); with it, the minimum sets the goal', async () => {
    const r = await runWorkload({ gogc: '100', args: ['-live', '1', '-rate', '100', '-duration', '1s'] });
    const f = path.join(dir, 'small.txt');
    writeFileSync(f, r.stderr);
    const bare = runCli(['gc', 'whatif', f, '--memory-limit', 'none']);
    expect(bare.status).toBe(2);
    expect(bare.stderr).toMatch(/^heapwise: .*small\.txt: cannot infer GOGC: the live heap is [\d.]+ MiB, .*give --gogc\n$/);
    const given = runCli(['gc', 'whatif', f, '--memory-limit', 'none', '--gogc', '100', '--format', 'json']);
    expect(given.status).toBe(0);
    const rows = JSON.parse(given.stdout).whatIf as Array<{ gogc: number | 'off'; peakHeapBytes: number }>;
    // 4 MiB x GOGC/100 of goal: the peak grows with GOGC although the live heap is 1 MiB.
    const at = (g: number) => rows.find((w) => w.gogc === g)!.peakHeapBytes / MiB;
    expect(at(200)).toBeGreaterThan(5);
    expect(at(200)).toBeLessThanOrEqual(8);
    expect(at(400)).toBeGreaterThan(12);
    expect(at(400)).toBeLessThanOrEqual(16);
  });
});

describe('gc vars', () => {
  test('a real /debug/vars snapshot: text and json agree with the library', async () => {
    const file = path.join(dir, 'vars.json');
    await runWorkload({ gogc: '100', args: ['-duration', '300ms', '-vars', file] });
    const r = runCli(['gc', 'vars', file, '--format', 'json']);
    expect(r.status).toBe(0);
    const v = parseVars(readFileSync(file, 'utf8'));
    expect(JSON.parse(r.stdout)).toEqual({ summary: v });
    const text = runCli(['gc', 'vars', file]).stdout;
    expect(text).toContain(`${file}: ${v.numGC} GC cycles since start`);
    // The snapshot's non-heap memory replaces the model's estimate.
    const w = JSON.parse(runCli(['gc', 'whatif', traceFile, '--vars', file, '--format', 'json']).stdout);
    expect(w.model.nonHeapBytes).toBe(v.nonHeapBytes);
    expect(text).toMatch(/STW per cycle +p50 [\d.]+ ms, p99 [\d.]+ ms, max [\d.]+ ms \(last \d+ cycles\)/);
  });
  test('broken JSON: file and line, exit 2', () => {
    const f = path.join(malformed, 'vars-broken.json');
    const r = runCli(['gc', 'vars', f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^heapwise: ${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: not JSON: .*\n$`));
  });
});

describe('gc metrics and runtime/metrics input', () => {
  test('snapshots from a real run: summary, and whatif fitted from them', async () => {
    const file = path.join(dir, 'metrics.txt');
    await runWorkload({ gogc: '100', args: ['-duration', '1s', '-metrics', file] });
    const r = runCli(['gc', 'metrics', file, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.goVersion).toBeNull(); // metrics.Read text has no version; client_golang's go_info does (src/gc/metrics.test.ts)
    const s = m.summary;
    expect(s.gogc).toBe(100);
    expect(s.cycles).toBeGreaterThan(5);
    expect(s.gcCpuPercent).toBeGreaterThan(0);
    expect(runCli(['gc', 'metrics', file]).stdout).toMatch(/runtime\/metrics snapshot\(s\) over [\d.]+ s on 2 P, GOGC=100/);
    const w = runCli(['gc', 'whatif', file, '--memory-limit', '64MiB', '--format', 'json']);
    expect(w.status).toBe(0);
    const out = JSON.parse(w.stdout);
    expect(out.memoryLimit).toEqual({ bytes: 64 * MiB, source: '--memory-limit' });
    expect(out.model.gogc).toBe(100);
    expect(out.whatIf.every((x: { memoryLimit: number }) => x.memoryLimit === 64 * MiB)).toBe(true);
    const text = runCli(['gc', 'whatif', file, '--memory-limit', 'none']).stdout;
    expect(text).toMatch(/memory limit: none \(--memory-limit none\)/);
  });
  test('without --memory-limit, the container\'s cgroup limit is used and named', () => {
    const out = JSON.parse(runCli(['gc', 'whatif', traceFile, '--format', 'json']).stdout);
    expect(out.memoryLimit.source).toMatch(/^(cgroup v[12] \/.*|no cgroup memory controller found)/);
  });
  test('a malformed metrics line: file and line, exit 2', () => {
    const f = path.join(dir, 'bad-metrics.txt');
    writeFileSync(f, '# runtime/metrics\n/gc/heap/live:bytes 1\n/gc/heap/goal:bytes lots\n');
    const r = runCli(['gc', 'metrics', f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^heapwise: .*bad-metrics\.txt:3: malformed runtime\/metrics line/);
  });
});

describe('gc run', () => {
  test('runs the program with the settings, passes its output through, diagnoses at exit', async () => {
    const bin = await buildWorkload();
    const r = runCli(['gc', 'run', '--gogc', '50', '--', bin, '-duration', '1s']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^gcworkload: allocated \d+ MiB/);
    expect(r.stderr).toMatch(/^gc 1 @/m);
    const s = diagnose(parseTrace(r.stderr, bin));
    expect(r.stdout).toContain(`${bin}: ${s.cycles} GC cycles`);
    // GOGC=50 reached the program: the goal is about 1.5x the live heap.
    expect(s.goalOverLive).toBeGreaterThan(1.35);
    expect(s.goalOverLive).toBeLessThan(1.65);
    // The binary's build info names its runtime.
    expect(r.stdout).toContain(`  Go                ${await goVersion()} (the build info of ${bin})\n`);
  });
  test('a program started by a script: its Go version is unknown, and said so', async () => {
    const bin = await buildWorkload();
    const script = path.join(dir, 'start.sh');
    writeFileSync(script, `#!/bin/sh\nexec '${bin}' "$@"\n`, { mode: 0o755 });
    const r = runCli(['gc', 'run', '--format', 'json', '--', script, '-duration', '0.5s']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
    expect(out.goVersion).toBeNull();
    expect(out.goVersionSource).toMatch(/start\.sh is not a Go binary/);
  });
  test('--since diagnoses the cycles after start-up only', async () => {
    const bin = await buildWorkload();
    const r = runCli(['gc', 'run', '--since', '0.5s', '--format', 'json', '--', bin, '-duration', '1s']);
    expect(r.status).toBe(0);
    const kept = parseTrace(r.stderr, bin).cycles.filter((c) => c.startSec >= 0.5);
    expect(JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))).summary.cycles).toBe(kept.length);
    const none = runCli(['gc', 'run', '--since', '1h', '--', bin, '-duration', '0.3s']);
    expect(none.status).toBe(0);
    expect(none.stderr).toMatch(/heapwise: .*gcworkload: no GC cycle starts 1h or later after start \(\d+ before it\)\n$/);
  });
  test('go run: the go command and the linker print GC lines too; the program is diagnosed', async () => {
    await buildWorkload(); // the module's dependencies are in place
    const r = spawnSync(process.execPath, [cliPath, 'gc', 'run', '--format', 'json', '--', 'go', 'run', '.', '-duration', '1s'], {
      cwd: workloadDir,
      env: { ...process.env, GOFLAGS: '-mod=mod', GOMAXPROCS: '2' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
    // go run builds with the toolchain go env names in that directory.
    expect(out.goVersion).toBe(await goVersion());
    const s = out.summary;
    // Every process numbers its cycles from 1: the go command's own come first.
    expect(r.stderr.match(/^gc 1 @/gm)!.length).toBeGreaterThanOrEqual(2);
    expect(s.processes).toBe(r.stderr.match(/^gc 1 @/gm)!.length);
    // The program's: its 32 MiB live set, about a second of cycles, its lines only.
    expect(s.liveHeapBytes.mean / MiB).toBeGreaterThan(32);
    expect(s.spanSec).toBeGreaterThan(0.8);
    const lines = r.stderr.split('\n');
    expect(lines[s.lines.first - 1]).toMatch(/^gc \d+ @/);
    expect(parseTrace(lines.slice(s.lines.first - 1, s.lines.last).join('\n'), 'program').processes).toBe(1);
  });
  test('two processes that cannot be told apart: said, with the line, exit 2', () => {
    // The same trace twice, line by line: every cycle could continue either copy.
    const gc = traceText.split('\n').filter((l) => l.startsWith('gc '));
    const twice = path.join(dir, 'twice.txt');
    writeFileSync(twice, gc.flatMap((l) => [l, l]).join('\n') + '\n');
    const r = runCli(['gc', 'trace', twice]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^heapwise: .*twice\.txt:3: gc 2 could continue more than one process: .*run the test binary itself\n$/);
  });
  test("the program's exit code is the run's; GOGC=off says why there is no trace", () => {
    const r = runCli(['gc', 'run', '--gogc', 'off', '--', 'sh', '-c', 'exit 3']);
    expect(r.status).toBe(3);
    expect(r.stderr).toBe('heapwise: sh: no GC cycles in the trace (GOGC=off without a memory limit never collects)\n');
  });
});
