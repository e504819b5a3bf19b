// The runtime's minimum heap goal: under 4 MiB x GOGC/100 of goal, a small heap collects at the
// minimum, whatever its live heap (mgcpacer.go: gcPercentHeapGoal is never under heapMinimum).
// Benchmark binaries and small tools live there. Real runs of the workload with a 1 MiB live set.
import { describe, expect, test } from 'vitest';
import { diagnose } from './diagnose.js';
import { fitModel, predict } from './model.js';
import { steadyTrace } from './testing.js';
import type { ParsedTrace } from './trace.js';

const MiB = 1 << 20;
const small = (gogc: string): Promise<ParsedTrace> => steadyTrace({ gogc, args: ['-live', '1', '-rate', '100', '-duration', '1.3s'] }, 0.3, `GOGC=${gogc}`);

describe('a live heap under the heap minimum', () => {
  test('GOGC is not inferred from such a trace; given, the goal is the minimum and GOGC=200 is predicted', async () => {
    const [at100, at200] = [await small('100'), await small('200')];
    // The goal is 4 MiB at GOGC=100 for any live heap under 2 MiB: it says nothing of GOGC.
    expect(at100.cycles.every((c) => c.heapGoalBytes === 4 * MiB)).toBe(true);
    expect(() => fitModel(at100)).toThrow(/cannot infer GOGC: the live heap is 1\.\d MiB, .*give --gogc/);
    const m = fitModel(at100, 100);
    const p = predict(m, 200, null);
    const s = diagnose(at200);
    // The minimum doubles with GOGC=200 (8 MiB goal, 7 MiB peak); from live + (live + roots) x 2
    // alone the goal would be 3 MiB and the cycle rate three times too high.
    expect(at200.cycles.every((c) => c.heapGoalBytes === 8 * MiB)).toBe(true);
    expect(Math.abs(p.peakHeapBytes! / s.peakHeapBytes.median - 1)).toBeLessThan(0.2);
    expect(Math.abs(p.cyclesPerSec / s.cyclesPerSec - 1)).toBeLessThan(0.2);
  });
});
