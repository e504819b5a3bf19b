// Validation against real runs: fit the model on the workload at GOGC=100 only, predict other
// settings, run those for real and compare. The error table is printed for the record.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runWorkload } from './testing.js';
import { diagnose, type GcSummary } from './diagnose.js';
import { fitModel, predict, recommend, type GcModel } from './model.js';
import { parseTrace } from './trace.js';

const MiB = 1 << 20;
// Fixed live heap (32 MiB of 1 KiB pointerful objects) and a paced 400 MiB/s allocation rate.
const args = (sec: number) => ['-live', '32', '-rate', '400', '-duration', `${sec}s`];

async function measured(gogc: string, memlimit: string | undefined, sec: number): Promise<GcSummary> {
  const r = await runWorkload({ gogc, memlimit, args: args(sec) });
  return diagnose(parseTrace(r.stderr, `GOGC=${gogc}`));
}

const relErr = (pred: number, meas: number) => (pred - meas) / meas;
const rows: string[] = [];

describe('what-if predictions against real runs', () => {
  let model: GcModel;
  beforeAll(async () => {
    const r = await runWorkload({ gogc: '100', args: args(3) });
    model = fitModel(parseTrace(r.stderr, 'GOGC=100'), 100);
  });
  afterAll(() => {
    console.log(['setting        cycles/s pred/meas (err)    peak MiB pred/meas (err)    GC CPU % pred/meas (err)', ...rows].join('\n'));
  });

  const cases: Array<{ gogc: string; memlimit?: string; limitBytes?: number; sec: number }> = [
    { gogc: '25', sec: 1.5 },
    { gogc: '50', sec: 2 },
    { gogc: '200', sec: 3 },
    { gogc: '400', sec: 3 },
    // GOGC=100's goal (~77 MiB) is above what a 56 MiB limit allows: the limit sets the goal.
    { gogc: '100', memlimit: '56MiB', limitBytes: 56 * MiB, sec: 2 },
    // GOGC=off with a limit: the limit alone paces the GC (the common container setting).
    { gogc: 'off', memlimit: '64MiB', limitBytes: 64 * MiB, sec: 2 },
  ];
  for (const c of cases) {
    test(`GOGC=${c.gogc}${c.memlimit ? ` GOMEMLIMIT=${c.memlimit}` : ''}: cycles/s and peak heap within 20%`, async () => {
      const s = await measured(c.gogc, c.memlimit, c.sec);
      const p = predict(model, c.gogc === 'off' ? null : Number(c.gogc), c.limitBytes ?? null);
      const e = { cycles: relErr(p.cyclesPerSec, s.cyclesPerSec), peak: relErr(p.peakHeapBytes!, s.peakHeapBytes.median), cpu: relErr(p.gcCpuPercent, s.gcCpuPercent) };
      const f = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`;
      rows.push(
        `${`GOGC=${c.gogc}${c.memlimit ? `,${c.memlimit}` : ''}`.padEnd(15)}${p.cyclesPerSec.toFixed(1)}/${s.cyclesPerSec.toFixed(1)} (${f(e.cycles)})`.padEnd(44) +
          `${(p.peakHeapBytes! / MiB).toFixed(1)}/${(s.peakHeapBytes.median / MiB).toFixed(1)} (${f(e.peak)})`.padEnd(28) +
          `${p.gcCpuPercent.toFixed(2)}/${s.gcCpuPercent.toFixed(2)} (${f(e.cpu)})`,
      );
      expect(Math.abs(e.cycles)).toBeLessThan(0.2);
      expect(Math.abs(e.peak)).toBeLessThan(0.2);
      // GC CPU is printed, not asserted: measured from gctrace it moved 2.7x between identical
      // runs on the busy 2-vCPU test machine (the runtime counts a mark worker's time while it
      // holds a P, also while the OS has its thread descheduled). Errors seen: docs/gc.md.
      expect(p.gcCpuPercent).toBeGreaterThan(0);
      expect(p.limitBound).toBe(c.memlimit !== undefined);
    });
  }

  test('a memory limit under the live heap: predicted at the CPU cap, and the real run collects back to back', async () => {
    const p = predict(model, 100, 30 * MiB);
    expect(p.cpuCapped).toBe(true);
    const base = predict(model, 100, null);
    const s = await measured('100', '30MiB', 1.5);
    // The real run: far more cycles and GC CPU than at GOGC=100 without a limit.
    expect(s.cyclesPerSec).toBeGreaterThan(5 * base.cyclesPerSec);
    expect(s.gcCpuPercent).toBeGreaterThan(3 * base.gcCpuPercent);
    rows.push(`GOGC=100,30MiB (capped)  ${p.cyclesPerSec.toFixed(1)}/${s.cyclesPerSec.toFixed(1)}  peak ${(p.peakHeapBytes! / MiB).toFixed(1)}/${(s.peakHeapBytes.median / MiB).toFixed(1)}  cpu ${p.gcCpuPercent.toFixed(2)}/${s.gcCpuPercent.toFixed(2)} (capped)`);
  });

  test('predicted GC CPU falls as GOGC rises, and a limit raises it', () => {
    const cpu = [25, 50, 100, 200, 400].map((g) => predict(model, g, null).gcCpuPercent);
    for (let i = 1; i < cpu.length; i++) expect(cpu[i]!).toBeLessThan(cpu[i - 1]!);
    expect(predict(model, 100, 56 * MiB).gcCpuPercent).toBeGreaterThan(cpu[2]!);
  });

  test('recommend spends memory to save CPU and says what binds', () => {
    const roomy = recommend(model, 512 * MiB, 5);
    const tight = recommend(model, 64 * MiB, 20);
    expect(roomy.prediction.gcCpuPercent).toBeLessThanOrEqual(tight.prediction.gcCpuPercent);
    expect(roomy.prediction.totalMemoryBytes!).toBeLessThanOrEqual(512 * MiB);
    expect(tight.prediction.totalMemoryBytes!).toBeLessThanOrEqual(64 * MiB);
    expect(tight.binding).toBe('memory');
    // 32 MiB of live heap cannot run in 32 MiB of memory.
    const impossible = recommend(model, 32 * MiB, 5);
    expect(impossible.binding).toBe('memory');
    expect(impossible.prediction.cpuCapped).toBe(true);
    // A budget nothing meets makes CPU the binding constraint.
    expect(recommend(model, 64 * MiB, 0.01).binding).toBe('cpu');
    expect(recommend(model, 64 * MiB, 0.01).reason).toMatch(/no setting keeps GC CPU under 0.01%/);
  });
});

describe('diagnosis edge cases from the GC guide', () => {
  test('GOGC=off without a limit prints no trace lines, and the model predicts no cycles', async () => {
    const r = await runWorkload({ gogc: 'off', args: args(0.3) });
    expect(parseTrace(r.stderr, 'off').cycles).toHaveLength(0);
    expect(r.stdout).toMatch(/allocated/);
  });
  test('a growing live heap is a leak suspect; a steady one is not', async () => {
    const leak = diagnose(parseTrace((await runWorkload({ gogc: '100', args: [...args(2), '-leak', '24'] })).stderr, 'leak'));
    const steady = diagnose(parseTrace((await runWorkload({ gogc: '100', args: args(1.5) })).stderr, 'steady'));
    expect(leak.leakSuspected).toBe(true);
    expect(leak.findings.join('\n')).toMatch(/suspected leak/);
    expect(leak.liveTrendBytesPerSec / MiB).toBeGreaterThan(10);
    expect(steady.leakSuspected).toBe(false);
    expect(steady.findings.join('\n')).not.toMatch(/leak/);
    // The allocation rate estimated from heap growth is the paced 400 MiB/s of 1 KiB objects,
    // in heap bytes: a pointerful 1024-byte object gets an 8-byte malloc header and so the
    // 1152-byte size class (CATALOG section 1). Within 10%.
    expect(Math.abs(steady.allocBytesPerSec / MiB / (400 * (1152 / 1024)) - 1)).toBeLessThan(0.1);
  });
});
