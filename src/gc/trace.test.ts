import fc from 'fast-check';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { runWorkload } from './testing.js';
import { cycleEndSec, parseTrace, type ParsedTrace } from './trace.js';

const MiB = 1 << 20;
const malformed = path.join(import.meta.dirname, '../../test/fixtures/gc/malformed');

describe('parseTrace on a real trace', () => {
  let text: string;
  let trace: ParsedTrace;
  beforeAll(async () => {
    // stdout and stderr together, as a service's log would mix them; -free ends with a forced
    // cycle and, with scavtrace=1, a forced scavenge.
    const r = await runWorkload({ gogc: '100', args: ['-duration', '600ms', '-free'], godebug: 'scavtrace=1' });
    text = r.stdout + r.stderr;
    trace = parseTrace(text, 'real.txt');
  });

  test('every gc line becomes a cycle, other lines are skipped, nothing is reported', () => {
    const gcLines = text.split('\n').filter((l) => l.startsWith('gc '));
    expect(trace.cycles.length).toBe(gcLines.length);
    expect(trace.cycles.length).toBeGreaterThan(3);
    expect(trace.issues).toEqual([]);
    expect(trace.otherLines).toBeGreaterThanOrEqual(1); // the workload's own "gcworkload: ..." line
  });

  test('fields are read in the runtime order and units', () => {
    const lines = text.split('\n');
    for (const [i, c] of trace.cycles.entries()) {
      if (i > 0) expect(c.cycle).toBe(trace.cycles[i - 1]!.cycle + 1);
      expect(lines[c.line - 1]).toMatch(new RegExp(`^gc ${c.cycle} @${c.startSec.toFixed(3)}s ${c.cumulativeCpuPercent}%`));
      // X->Y->Z MB: the field text, re-derived from the bytes, is what the line says.
      const mb = `${c.heapStartBytes / MiB}->${c.heapEndBytes / MiB}->${c.heapLiveBytes / MiB} MB, ${c.heapGoalBytes / MiB} MB goal`;
      expect(lines[c.line - 1]).toContain(mb);
      expect(c.procs).toBe(2); // the helper runs with GOMAXPROCS=2
      expect(c.heapLiveBytes).toBeLessThanOrEqual(c.heapEndBytes);
      expect(cycleEndSec(c)).toBeGreaterThan(c.startSec);
    }
    const last = trace.cycles[trace.cycles.length - 1]!;
    expect(last.forced).toBe(true);
    expect(trace.cycles.slice(0, -1).every((c) => !c.forced)).toBe(true);
    // The workload keeps 32 MiB of 1 KiB objects alive; the marked heap shows it in steady state.
    expect(trace.cycles[trace.cycles.length - 2]!.heapLiveBytes).toBeGreaterThanOrEqual(32 * MiB);
  });

  test('scavenger lines, including the forced one from debug.FreeOSMemory', () => {
    const scavLines = text.split('\n').filter((l) => l.startsWith('scav '));
    expect(trace.scavenges.length).toBe(scavLines.length);
    const forced = trace.scavenges.filter((s) => s.forced);
    expect(forced.length).toBe(1);
    expect(forced[0]!.eagerBytes).toBeGreaterThan(0);
    expect(forced[0]!.eagerBytes % 1024).toBe(0);
  });
});

describe('several processes in one trace', () => {
  // Two real runs, as `go test ./...` mixes its test binaries' lines, or `go run` the go
  // command's own cycles with the program's: each numbers its cycles from 1 on its own clock.
  let a: ParsedTrace;
  let b: ParsedTrace;
  let aLines: string[];
  let bLines: string[];
  beforeAll(async () => {
    const gcLines = (t: string) => t.split('\n').filter((l) => l.startsWith('gc '));
    aLines = gcLines((await runWorkload({ gogc: '100', args: ['-duration', '400ms'] })).stderr);
    bLines = gcLines((await runWorkload({ gogc: '50', args: ['-duration', '300ms'] })).stderr);
    a = parseTrace(aLines.join('\n'), 'a');
    b = parseTrace(bLines.join('\n'), 'b');
  });

  // a runs 400 ms at GOGC=100, b 300 ms at GOGC=50 (more cycles in less time): a is kept.
  const longest = () => {
    const span = (t: ParsedTrace) => cycleEndSec(t.cycles.at(-1)!) - t.cycles[0]!.startSec;
    return span(a) >= span(b) ? [a, b] : [b, a];
  };

  test('one after the other: the process that ran longest is kept, whole', () => {
    const t = parseTrace([...aLines, ...bLines].join('\n'), 'ab');
    const [big, small] = longest();
    expect(big).toBe(a);
    expect(t.processes).toBe(2);
    expect(t.cycles.map((c) => c.startSec)).toEqual(big.cycles.map((c) => c.startSec));
    expect(t.otherProcessCycles).toBe(small.cycles.length);
  });

  const interleave = (picks: boolean[]) => {
    const merged: string[] = [];
    let i = 0;
    let j = 0;
    for (const p of picks) {
      if ((p && i < aLines.length) || j >= bLines.length) merged.push(aLines[i++]!);
      else merged.push(bLines[j++]!);
    }
    return merged;
  };
  const sameCycles = (t: ParsedTrace, u: ParsedTrace) =>
    expect(t.cycles.map((c) => [c.cycle, c.startSec, c.heapGoalBytes])).toEqual(u.cycles.map((c) => [c.cycle, c.startSec, c.heapGoalBytes]));

  test('interleaved with one process ahead in its cycle numbers: each comes back in order', () => {
    // a's first six cycles, then one line of each in turn: a stays six cycles ahead.
    const picks = [...Array(6).fill(true), ...Array.from({ length: aLines.length + bLines.length - 6 }, (_, k) => k % 2 === 1)];
    const t = parseTrace(interleave(picks).join('\n'), 'mixed');
    expect(t.issues).toEqual([]);
    expect(t.processes).toBe(2);
    sameCycles(t, longest()[0]!);
  });

  test('interleaved at any points: split right, or the line that could go either way is reported', () => {
    // Both runs start the same way (gc 1 at about 1 ms while the live set is built), so some
    // interleavings cannot be told apart from the lines: the parser must say so, not guess.
    let reported = 0;
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: aLines.length + bLines.length, maxLength: aLines.length + bLines.length }), (picks) => {
        const t = parseTrace(interleave(picks).join('\n'), 'mixed');
        const issue = t.issues.find((i) => /could continue more than one process/.test(i.message));
        if (issue) {
          reported++;
          expect(issue.line).toBeGreaterThan(0);
          return;
        }
        expect(t.processes).toBe(2);
        sameCycles(t, longest()[0]!);
      }),
      { numRuns: 200 },
    );
    // About a third split (73 of 200 in one run), the rest reported.
    expect(200 - reported).toBeGreaterThan(20);
  });

  test('one process: nothing is left out', () => {
    expect([a.processes, a.otherProcessCycles]).toEqual([1, 0]);
    expect(parseTrace('', 'empty').processes).toBe(0);
  });
});

describe('parseTrace on malformed input', () => {
  test('a truncated gc line is reported with its line number, the good ones kept', () => {
    const t = parseTrace(readFileSync(path.join(malformed, 'truncated.txt'), 'utf8'), 'truncated.txt');
    expect(t.cycles.map((c) => c.line)).toEqual([2]);
    expect(t.issues).toHaveLength(1);
    expect(t.issues[0]).toMatchObject({ file: 'truncated.txt', line: 3 });
    expect(t.issues[0]!.message).toMatch(/malformed gctrace line: no "X->Y->Z MB" field/);
    expect(t.otherLines).toBe(1);
  });
  test("a service's log lines written into gc lines: the gc lines are put back together", () => {
    // Real output of examples/shopsvc under load (test/e2e/gc-service.test.ts): the log
    // package's lines land inside the runtime's gc lines, once across three lines.
    const t = parseTrace(readFileSync(path.join(malformed, 'interleaved-log.txt'), 'utf8'), 'interleaved-log.txt');
    expect(t.issues).toEqual([]);
    expect(t.cycles.map((c) => [c.line, c.cycle, c.startSec])).toEqual([
      [3, 6, 0.686],
      [8, 13, 2.275],
    ]);
    expect(t.cycles[0]).toMatchObject({ cumulativeCpuPercent: 0, clockMs: { sweepTermination: 0.055, mark: 3, markTermination: 0.003 }, heapLiveBytes: 8 * MiB });
    expect(t.cycles[1]).toMatchObject({ clockMs: { sweepTermination: 0.027, mark: 10, markTermination: 0.003 }, cpuMs: { sweepTermination: 0.054, assist: 0.069, background: 2.9, idle: 12, markTermination: 0.007 }, heapGoalBytes: 31 * MiB });
    // 8 log lines of their own and 3 cut out of the gc lines.
    expect(t.otherLines).toBe(11);
  });
  test('a bad scavenger line is reported', () => {
    const t = parseTrace(readFileSync(path.join(malformed, 'bad-scav.txt'), 'utf8'), 'bad-scav.txt');
    expect(t.issues.map((i) => i.line)).toEqual([2]);
    expect(t.issues[0]!.message).toMatch(/malformed scavenger line/);
  });
});

describe('parseTrace fuzzing', () => {
  const ms = fc.oneof(fc.constant('0'), fc.integer({ min: 1, max: 99 }).map((x) => `0.0${String(x).padStart(2, '0')}`), fc.integer({ min: 10, max: 99 }).map((x) => `${x / 10}`), fc.integer({ min: 10, max: 5000 }).map(String));
  const mb = fc.integer({ min: 0, max: 1 << 20 });
  const cycleFields = fc.record({
    n: fc.integer({ min: 1, max: 1e6 }), t: fc.integer({ min: 0, max: 1e9 }), pct: fc.integer({ min: 0, max: 100 }),
    clock: fc.tuple(ms, ms, ms), cpu: fc.tuple(ms, ms, ms, ms, ms), heap: fc.tuple(mb, mb, mb, mb, mb, mb), p: fc.integer({ min: 1, max: 1024 }), forced: fc.boolean(),
  });
  type Fields = typeof cycleFields extends fc.Arbitrary<infer T> ? T : never;
  const line = (f: Fields) =>
    `gc ${f.n} @${(f.t / 1000).toFixed(3)}s ${f.pct}%: ${f.clock.join('+')} ms clock, ${f.cpu[0]}+${f.cpu[1]}/${f.cpu[2]}/${f.cpu[3]}+${f.cpu[4]} ms cpu, ` +
    `${f.heap[0]}->${f.heap[1]}->${f.heap[2]} MB, ${f.heap[3]} MB goal, ${f.heap[4]} MB stacks, ${f.heap[5]} MB globals, ${f.p} P${f.forced ? ' (forced)' : ''}`;

  test('any line in the runtime format parses back to its fields', () => {
    fc.assert(
      fc.property(cycleFields, (f) => {
        const t = parseTrace(line(f), 'fuzz');
        expect(t.issues).toEqual([]);
        const c = t.cycles[0]!;
        expect([c.cycle, c.startSec, c.cumulativeCpuPercent, c.procs, c.forced]).toEqual([f.n, Number((f.t / 1000).toFixed(3)), f.pct, f.p, f.forced]);
        expect([c.clockMs.sweepTermination, c.clockMs.mark, c.clockMs.markTermination]).toEqual(f.clock.map(Number));
        expect([c.cpuMs.sweepTermination, c.cpuMs.assist, c.cpuMs.background, c.cpuMs.idle, c.cpuMs.markTermination]).toEqual(f.cpu.map(Number));
        expect([c.heapStartBytes, c.heapEndBytes, c.heapLiveBytes, c.heapGoalBytes, c.stacksBytes, c.globalsBytes]).toEqual(f.heap.map((x) => x * MiB));
      }),
    );
  });

  test('log lines written into a gc line at any points: the cycle comes back whole', () => {
    const log = fc.tuple(fc.integer({ min: 0, max: 59 }), fc.integer({ min: 1, max: 99999 })).map(([s, n]) => `2026/11/23 22:56:${String(s).padStart(2, '0')} svc order SO-${n} created`);
    fc.assert(
      fc.property(cycleFields, fc.array(fc.tuple(fc.nat(), log), { minLength: 1, maxLength: 3 }), fc.array(log, { minLength: 2, maxLength: 5 }), (f, cuts, around) => {
        const whole = line(f);
        // Cut points inside the line (after "gc N @", so it still starts like a gc line),
        // each followed by a whole log line and, sometimes, more log lines.
        const at = whole.indexOf('@') + 1;
        const points = [...new Set(cuts.map(([k]) => at + (k % (whole.length - at))))].sort((a, b) => a - b);
        let text = '';
        let from = 0;
        for (const [n, p] of points.entries()) text += whole.slice(from, p) + cuts[n]![1] + '\n' + (n % 2 ? around[0] + '\n' : ''), (from = p);
        text = [...around, text + whole.slice(from), ...around].join('\n');
        const t = parseTrace(text, 'fuzz');
        expect(t.issues).toEqual([]);
        expect(t.cycles).toHaveLength(1);
        expect(t.cycles[0]!.heapGoalBytes).toBe(f.heap[3] * MiB);
        expect([t.cycles[0]!.clockMs.sweepTermination, t.cycles[0]!.cpuMs.idle]).toEqual([Number(f.clock[0]), Number(f.cpu[3])]);
      }),
    );
  });

  test('arbitrary text never throws; every gc-looking line is a cycle or an issue', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), cycleFields.map(line), cycleFields.map((f) => line(f).slice(0, 40)))), (lines) => {
        const text = lines.join('\n');
        const t = parseTrace(text, 'fuzz');
        const gcish = text.split('\n').filter((l) => /^gc \d+ @/.test(l.replace(/\r$/, ''))).length;
        expect(t.cycles.length + t.otherProcessCycles + t.issues.filter((i) => i.message.startsWith('malformed gctrace')).length).toBe(gcish);
      }),
    );
  });
});
