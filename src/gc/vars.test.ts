import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { runWorkload } from './testing.js';
import { parseTrace } from './trace.js';
import { parseVars, VarsError, type VarsSummary } from './vars.js';

const MiB = 1 << 20;

describe('parseVars on a real /debug/vars snapshot', () => {
  let v: VarsSummary;
  let trace: ReturnType<typeof parseTrace>;
  beforeAll(async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'heapwise-vars-')), 'vars.json');
    // The same run writes both: the snapshot at exit and the trace on stderr.
    const r = await runWorkload({ gogc: '100', args: ['-duration', '500ms', '-vars', file] });
    v = parseVars(readFileSync(file, 'utf8'));
    trace = parseTrace(r.stderr, 'trace');
  });
  test('agrees with the gctrace of the same run', () => {
    // The snapshot is taken while the program still allocates: a cycle under way then ends,
    // and prints its trace line, after it (a CI run saw 10 cycles in the snapshot, 11 traced).
    expect(trace.cycles.length - v.numGC).toBeGreaterThanOrEqual(0);
    expect(trace.cycles.length - v.numGC).toBeLessThanOrEqual(1);
    const seen = trace.cycles.slice(0, v.numGC);
    expect(v.forcedGC).toBe(0);
    expect(v.pauseMs.count).toBe(Math.min(v.numGC, 256));
    // A cycle's two STW pauses together, in ns: at least the longest single pause the trace
    // printed (which rounds to two significant digits, hence the 10%).
    const longest = Math.max(...seen.flatMap((c) => [c.clockMs.sweepTermination, c.clockMs.markTermination]));
    expect(v.pauseMs.max).toBeGreaterThanOrEqual(longest * 0.9);
    const last = seen[seen.length - 1]!;
    // The live set (32 MiB) is still referenced at exit; the heap holds it and more.
    expect(v.heapAllocBytes).toBeGreaterThanOrEqual(last.heapLiveBytes);
    expect(v.heapInuseBytes).toBeGreaterThanOrEqual(v.heapAllocBytes);
    expect(v.nonHeapBytes).toBeGreaterThan(0);
    expect(v.nonHeapBytes).toBeLessThan(v.sysBytes);
    expect(v.totalAllocBytes).toBeGreaterThan(100 * MiB);
  });
});

describe('parseVars on bad input', () => {
  test('broken JSON: the line of the error', () => {
    const text = readFileSync(path.join(import.meta.dirname, '../../test/fixtures/gc/malformed/vars-broken.json'), 'utf8');
    expect(() => parseVars(text)).toThrow(VarsError);
    try {
      parseVars(text);
    } catch (e) {
      expect((e as VarsError).line).toBe(3);
      expect((e as VarsError).message).toMatch(/^not JSON: /);
    }
  });
  test('JSON without memstats, or a field of the wrong type', () => {
    expect(() => parseVars('{"cmdline": []}')).toThrow(/no "memstats" object/);
    const e = (() => {
      try {
        parseVars('{\n"memstats": {\n"HeapAlloc": "12"\n}\n}');
      } catch (x) {
        return x as VarsError;
      }
    })();
    expect(e?.message).toBe('memstats.HeapAlloc is missing or not a number');
    expect(e?.line).toBe(3);
  });
});
