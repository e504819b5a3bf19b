import { describe, expect, it } from 'vitest';
import { goFixed, goG2, percentage, scaledLabel, selectOutputUnit } from './units.js';

describe('Go number formatting', () => {
  it('rounds %.2f half to even on exact ties, like Go', () => {
    expect(goFixed(59.625, 2)).toBe('59.62'); // exact binary tie: Go rounds to even
    expect(goFixed(59.635, 2)).toBe('59.63'); // 59.635 is slightly below the tie in binary
    expect(goFixed(0.125, 2)).toBe('0.12');
    expect(goFixed(0.375, 2)).toBe('0.38');
    expect(goFixed(9.999, 2)).toBe('10.00');
    expect(goFixed(-1.5, 2)).toBe('-1.50');
    expect(goFixed(1234567, 2)).toBe('1234567.00');
  });
  it('formats %.2g like Go', () => {
    expect(goG2(0.0625)).toBe('0.062');
    expect(goG2(0.7)).toBe('0.7');
    expect(goG2(0.098)).toBe('0.098');
    expect(goG2(0.00002)).toBe('2e-05');
    expect(goG2(0.000123)).toBe('0.00012');
    expect(goG2(0.999)).toBe('1');
    expect(goG2(0.00009996)).toBe('0.0001');
  });
  it('prints percentages and scaled labels like pprof', () => {
    expect(percentage(1, 1600)).toBe('0.062%');
    expect(percentage(1599, 1600)).toBe('99.94%');
    expect(percentage(5, 5)).toBe('  100%');
    expect(percentage(0, 5)).toBe('    0%');
    expect(scaledLabel(61056, 'bytes', 'kB')).toBe('59.62kB');
    expect(scaledLabel(1536, 'bytes', 'minimum')).toBe('1.50kB');
    expect(scaledLabel(2048, 'bytes', 'auto')).toBe('2kB');
    expect(scaledLabel(0, 'bytes', 'MB')).toBe('0');
    expect(scaledLabel(12, 'count', 'minimum')).toBe('12');
    expect(scaledLabel(1500000, 'nanoseconds', 'minimum')).toBe('1.50ms');
  });
  it('picks the output unit from the smallest row unless the total would be unreadable', () => {
    expect(selectOutputUnit([{ flat: 2048, cum: 2048 }], 4096, 'bytes')).toBe('kB');
    expect(selectOutputUnit([{ flat: 10, cum: 10 }], 100 << 20, 'bytes')).toBe('B');
    expect(selectOutputUnit([{ flat: 20, cum: 20 }], 100 << 20, 'bytes')).toBe('kB');
  });
});
