import fc from 'fast-check';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { diagnose } from './diagnose.js';
import { fitModel, modelFromMetrics, predict } from './model.js';
import { metricsJson, parseMetrics, parsePlainMetrics, parsePrometheusMetrics, promName, summarizeMetrics, type ParsedMetrics } from './metrics.js';
import { metricsText } from './render.js';
import { runGo } from '../go/toolchain.js';
import { runWorkload, workloadDir } from './testing.js';
import { parseTrace, type ParsedTrace } from './trace.js';

const MiB = 1 << 20;

describe('runtime/metrics snapshots from a real run', () => {
  let plain: ParsedMetrics;
  let prom: ParsedMetrics;
  let trace: ParsedTrace;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'heapwise-metrics-'));
    const plainFile = path.join(dir, 'metrics.txt');
    const promFile = path.join(dir, 'metrics.prom');
    // One run writes both forms every 250 ms and its gctrace on stderr.
    const r = await runWorkload({ gogc: '100', args: ['-duration', '1.5s', '-metrics', plainFile, '-prom', promFile] });
    plain = parseMetrics(readFileSync(plainFile, 'utf8'), plainFile);
    prom = parseMetrics(readFileSync(promFile, 'utf8'), promFile);
    trace = parseTrace(r.stderr, 'trace');
  });

  test('both forms parse without issues into the same snapshots', () => {
    expect(plain.format).toBe('runtime/metrics');
    expect(prom.format).toBe('prometheus');
    expect(plain.issues).toEqual([]);
    expect(prom.issues).toEqual([]);
    // One at the start, one every 250 ms for 1.5 s, one at the end (a tick may race the end).
    expect(plain.snapshots.length).toBeGreaterThanOrEqual(7);
    expect(prom.snapshots.length).toBe(plain.snapshots.length);
    // Histograms come through as buckets in the plain form.
    const pauses = plain.snapshots.at(-1)!.histograms.get('/sched/pauses/total/gc:seconds');
    expect(pauses!.length).toBeGreaterThan(0);
    expect(pauses!.every((b) => b.lo < b.hi && b.count > 0)).toBe(true);
  });

  test('the summary agrees with the gctrace of the same run', async () => {
    const s = summarizeMetrics(plain);
    const p = summarizeMetrics(prom);
    const t = diagnose(trace);
    // go_info names the runtime the workload was built with; the plain form has no such line.
    expect(p.goVersion).toBe((await runGo(['env', 'GOVERSION'], { cwd: workloadDir })).stdout.trim());
    expect(s.goVersion).toBeNull();
    expect(s.missing).toEqual([]);
    expect(s.procs).toBe(2);
    expect(s.gogc).toBe(100);
    expect(s.memoryLimitBytes).toBeNull();
    // The first snapshot is taken before any cycle; a cycle may still start after the last.
    const n = plain.snapshots.at(-1)!.values.get('/gc/cycles/total:gc-cycles')!;
    expect(s.cycles).toBe(n);
    expect(n === trace.cycles.length || n === trace.cycles.length - 1).toBe(true);
    expect(s.spanSec).toBeGreaterThan(1.4);
    expect(s.spanSec).toBeLessThan(2.5);
    // Start-up included on this side, so only roughly the trace's steady rate.
    expect(s.cyclesPerSec / t.cyclesPerSec).toBeGreaterThan(0.7);
    expect(s.cyclesPerSec / t.cyclesPerSec).toBeLessThan(1.3);
    // The live heap is what cycle n marked; the goal is the one cycle n+1 ran against (gctrace
    // prints MiB rounded down, hence the 1 MiB).
    const lastCycle = trace.cycles.find((c) => c.cycle === n)!;
    expect(Math.abs(s.liveHeapBytes - lastCycle.heapLiveBytes)).toBeLessThan(1 * MiB);
    const next = trace.cycles.find((c) => c.cycle === n + 1);
    if (next) expect(Math.abs(s.heapGoalBytes - next.heapGoalBytes)).toBeLessThan(1 * MiB);
    // 400 MiB/s of 1 KiB objects in 1152-byte slots, within 15% (start-up allocation included).
    expect(s.allocBytesPerSec / (400 * MiB * (1152 / 1024))).toBeGreaterThan(0.85);
    expect(s.allocBytesPerSec / (400 * MiB * (1152 / 1024))).toBeLessThan(1.15);
    // The same accounting as gctrace's per-cycle mark CPU figures (assist/background/idle, two
    // significant digits): their sum over the cycles is the mark CPU between the snapshots.
    // metrics.Read is not atomic, so a cycle ending during the last read may be in the count
    // and not yet in the CPU classes, or the other way round: bounded by the sums up to n-1 and
    // n+1. The STW part differs: gctrace's includes the time spent stopping the world,
    // /cpu/classes/gc/pause does not, so it can only be smaller.
    const upTo = (k: number, f: (c: ParsedTrace['cycles'][number]) => number) => trace.cycles.filter((c) => c.cycle <= k).reduce((ms, c) => ms + f(c), 0);
    const mark = (c: ParsedTrace['cycles'][number]) => c.cpuMs.assist + c.cpuMs.background + c.cpuMs.idle;
    const markMs = (s.gcCpuMsPerCycle - s.pauseCpuMsPerCycle) * s.cycles;
    expect(markMs).toBeGreaterThan(0.95 * upTo(n - 1, mark));
    expect(markMs).toBeLessThan(1.05 * upTo(n + 1, mark));
    expect(s.pauseCpuMsPerCycle * s.cycles).toBeLessThanOrEqual(1.05 * upTo(n + 1, (c) => c.cpuMs.sweepTermination + c.cpuMs.markTermination));
    expect(s.gcCpuPercent).toBeCloseTo(s.assistCpuPercent + s.backgroundCpuPercent + s.idleCpuPercent + s.pauseCpuPercent, 6);
    // Two pauses a cycle; the next cycle's first may already be in (the read is not atomic).
    expect(s.pauseMs!.count).toBeGreaterThanOrEqual(2 * n);
    expect(s.pauseMs!.count).toBeLessThanOrEqual(2 * n + 2);
    expect(s.liveTrendBytesPerSec / MiB).toBeLessThan(10);
    // The Prometheus form carries the same figures: both forms are written from one
    // metrics.Read (two reads once put a cycle between them and failed a CI run), and the
    // Prometheus text prints floats in full ('g', shortest), so only rounding can differ.
    for (const k of ['cycles', 'liveHeapBytes', 'heapGoalBytes', 'gcCpuPercent', 'allocBytesPerSec', 'spanSec'] as const) {
      expect(Math.abs(p[k] - s[k])).toBeLessThanOrEqual(1e-9 * Math.abs(s[k]));
    }
    expect(p.pauseMs).toBeNull(); // histograms are not read from the Prometheus form
    // Every figure is known from a program's full runtime/metrics, in either form.
    expect(s.unknown).toEqual([]);
    expect(p.unknown).toEqual([]);
  });

  test('the model fitted from snapshots predicts what the model fitted from the trace does', () => {
    // From the second snapshot on (250 ms in: the live set is built), as a service's snapshots
    // would be taken while it runs.
    const s = summarizeMetrics({ ...plain, snapshots: plain.snapshots.slice(1) });
    const m = modelFromMetrics(s);
    expect(m.gogc).toBe(100);
    expect(m.liveBytes).toBe(s.liveHeapBytes);
    const fromTrace = fitModel(trace, 100);
    for (const g of [50, 200]) {
      const a = predict(m, g, null);
      const b = predict(fromTrace, g, null);
      expect(Math.abs(a.cyclesPerSec / b.cyclesPerSec - 1)).toBeLessThan(0.2);
      expect(Math.abs(a.peakHeapBytes! / b.peakHeapBytes! - 1)).toBeLessThan(0.2);
    }
    expect(() => modelFromMetrics(summarizeMetrics({ ...plain, snapshots: plain.snapshots.slice(-1) }))).toThrow(/two or more/);
  });
});

describe('parsing by hand-written text', () => {
  test('plain: scalars, buckets, snapshots by header or repeated name, mixed-in log lines', () => {
    const text = [
      'starting',
      '# runtime/metrics',
      '/gc/heap/live:bytes 100',
      '/sched/pauses/total/gc:seconds [-Inf,1e-06) 2',
      '/sched/pauses/total/gc:seconds [1e-06,2e-06) 1',
      '/gc/heap/live:bytes 200',
      '/sched/pauses/total/gc:seconds [1e-06,2e-06) 3',
      '/gc/gogc:percent -1',
      '/bad line',
      '',
    ].join('\n');
    const p = parsePlainMetrics(text, 'f');
    expect(p.snapshots.map((s) => s.values.get('/gc/heap/live:bytes'))).toEqual([100, 200]);
    expect(p.snapshots[0]!.histograms.get('/sched/pauses/total/gc:seconds')).toEqual([
      { lo: -Infinity, hi: 1e-6, count: 2 },
      { lo: 1e-6, hi: 2e-6, count: 1 },
    ]);
    expect(p.otherLines).toBe(1);
    expect(p.issues).toEqual([{ file: 'f', line: 9, message: expect.stringMatching(/malformed runtime\/metrics line/) }]);
    expect(summarizeMetrics(p).gogc).toBeNull(); // GOGC=off reads as -1
  });

  test('prometheus: client_golang names, labels skipped, scrapes split on a repeated sample', () => {
    expect(promName('/gc/heap/live:bytes')).toBe('go_gc_heap_live_bytes');
    expect(promName('/cpu/classes/gc/total:cpu-seconds')).toBe('go_cpu_classes_gc_total_cpu_seconds_total');
    expect(promName('/gc/cycles/total:gc-cycles')).toBe('go_gc_cycles_total_gc_cycles_total');
    const text = [
      '# TYPE go_gc_duration_seconds summary',
      'go_gc_duration_seconds{quantile="0.5"} 0.0001',
      'go_gc_duration_seconds_count 10',
      'go_memstats_next_gc_bytes 4.194304e+06',
      'go_gc_heap_goal_bytes 5e6',
      'go_gc_duration_seconds{quantile="0.5"} 0.0001',
      'go_gc_duration_seconds_count 14 1700000001000',
      'go_memstats_gc_cpu_fraction 0.02',
      'go_bad_line',
    ].join('\n');
    const p = parsePrometheusMetrics(text, 'f');
    expect(p.snapshots).toHaveLength(2);
    expect(p.snapshots[0]!.values.get('/gc/cycles/total:gc-cycles')).toBe(10);
    expect(p.snapshots[0]!.values.get('/gc/heap/goal:bytes')).toBe(5e6); // the runtime/metrics series wins
    expect(p.snapshots[1]!.timestampMs).toBe(1700000001000);
    expect(p.issues.map((i) => i.line)).toEqual([9]);
  });

  test("client_golang's default Go collector: what it cannot give is unknown, not 0", () => {
    // Two scrapes of a real program's /metrics with promhttp.Handler() (client_golang v1.23.2,
    // go1.26.8), the series heapwise reads: MemStats, no CPU classes, no live heap, no clock.
    const scrape = (cycles: number, allocs: string, goal: string) =>
      [
        '# HELP go_gc_duration_seconds A summary of the wall-time pause (stop-the-world) duration in garbage collection cycles.',
        '# TYPE go_gc_duration_seconds summary',
        `go_gc_duration_seconds_count ${cycles}`,
        'go_gc_gogc_percent 100',
        'go_gc_gomemlimit_bytes 9.223372036854776e+18',
        '# HELP go_info Information about the Go environment.',
        '# TYPE go_info gauge',
        'go_info{version="go1.26.8"} 1',
        `go_memstats_alloc_bytes_total ${allocs}`,
        `go_memstats_next_gc_bytes ${goal}`,
        'go_memstats_sys_bytes 9.4972184e+07',
        'go_sched_gomaxprocs_threads 2',
      ].join('\n');
    const p = parsePrometheusMetrics(`${scrape(9, '2.04414176e+08', '8.2113562e+07')}\n\n${scrape(15, '3.80634552e+08', '8.4315266e+07')}\n`, 'default.prom');
    expect(p.issues).toEqual([]);
    const s = summarizeMetrics(p);
    expect([s.snapshots, s.cycles, s.gogc, s.memoryLimitBytes, s.procs]).toEqual([2, 6, 100, null, 2]);
    expect(s.goVersion).toBe('go1.26.8');
    expect(s.heapGoalBytes).toBe(84315266);
    for (const k of ['spanSec', 'cyclesPerSec', 'allocBytesPerSec', 'gcCpuPercent', 'liveHeapBytes', 'liveTrendBytesPerSec'] as const) expect(s.unknown).toContain(k);
    expect(s.unknown).not.toContain('heapGoalBytes');
    const json = metricsJson(s);
    expect([json.cyclesPerSec, json.gcCpuPercent, json.liveHeapBytes, json.heapGoalBytes, json.cycles]).toEqual([null, null, null, 84315266, 6]);
    const text = metricsText(s, 'default.prom');
    expect(text).toMatch(/of a go1\.26\.8 program over an unknown time on 2 P/);
    expect(text).toMatch(/cycles +6 \(0 forced\), unknown\/s/);
    expect(text).toMatch(/GC CPU +unknown\n/);
    expect(text).not.toMatch(/0\.00%|0\.0 MiB\/s/);
    expect(text).toContain('collectors.WithGoCollectorRuntimeMetrics(collectors.MetricsAll)');
    // The model needs a clock: an error says which series.
    expect(() => modelFromMetrics(s)).toThrow(/\/cpu\/classes\/total:cpu-seconds/);
  });

  test('fuzz: any text parses without throwing; lines that look like metrics but do not parse are reported', () => {
    const line = fc.oneof(
      fc.string(),
      fc.constantFrom('/gc/heap/live:bytes 1', '/x:y [1,2) 3', '# runtime/metrics', 'go_gc_heap_live_bytes 1e3', '', '/gc/heap/live:bytes'),
      fc.tuple(fc.constantFrom('/a:b ', 'go_a_b ', '/a:b ['), fc.string()).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const text = lines.join('\n');
        for (const p of [parsePlainMetrics(text, 'f'), parsePrometheusMetrics(text, 'f'), parseMetrics(text, 'f')]) {
          for (const i of p.issues) expect(i.line).toBeGreaterThanOrEqual(1);
          for (const s of p.snapshots) for (const v of s.values.values()) expect(typeof v).toBe('number');
          if (p.snapshots.length > 0) expect(() => summarizeMetrics(p)).not.toThrow();
        }
        const plain = parsePlainMetrics(text, 'f');
        const counted = plain.snapshots.reduce((n, s) => n + s.values.size + [...s.histograms.values()].reduce((a, b) => a + b.length, 0), 0);
        const metricLines = lines.flatMap((l) => l.split('\n')).filter((l) => l.replace(/\r$/, '').startsWith('/')).length;
        expect(counted + plain.issues.length).toBe(metricLines);
      }),
      { numRuns: 300 },
    );
  });
});
