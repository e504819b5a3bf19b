// Legacy contention and count profiles. Agreement of every value with go tool pprof is checked
// end to end on the shared peer profiles (test/e2e/profile-top.test.ts); here, the conversions.
import { describe, expect, it } from 'vitest';
import { isLegacyContention, isLegacyCount, parseLegacyContention, parseLegacyCount } from './legacy-text.js';

describe('parseLegacyContention', () => {
  it('converts delays from cycles to nanoseconds and scales by the sampling period', () => {
    const text = '--- mutex:\ncycles/second=2000000000\nsampling period=5\n3000 4 @ 0x10 0x20\n#\t0xf\tmain.f+0x1\tmain.go:3\n';
    expect(isLegacyContention(text)).toBe(true);
    const p = parseLegacyContention(text);
    expect(p.sampleTypes).toEqual([
      { type: 'contentions', unit: 'count' },
      { type: 'delay', unit: 'nanoseconds' },
    ]);
    // 3000 cycles at 2 GHz = 1500 ns, times the period 5; 4 contentions times 5.
    expect(Array.from(p.samples.values)).toEqual([20, 7500]);
    expect(p.locations.map((l) => l.address)).toEqual([0xfn, 0x1fn]);
  });
});

describe('parseLegacyCount', () => {
  it('reads goroutine counts after leading comments', () => {
    const text = '# comment\ngoroutine profile: total 3\n2 @ 0x10 0x20\n#\t0xf\tmain.f+0x1\n\n1 @ 0x30\n';
    expect(isLegacyCount(text)).toBe(true);
    const p = parseLegacyCount(text);
    expect(p.sampleTypes).toEqual([{ type: 'goroutine', unit: 'count' }]);
    expect(Array.from(p.samples.values)).toEqual([2, 1]);
    expect(p.samples.count).toBe(2);
  });
});
