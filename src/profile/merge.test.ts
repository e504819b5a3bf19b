// Merge and diff on real profiles (the shared peer profiles; skipped when absent). Agreement
// with go tool pprof is checked end to end in test/e2e/profile-cli.test.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.js';
import { select } from './filter.js';
import { parseProfile } from './load.js';
import { diffProfiles, mergeProfiles } from './merge.js';
import { top } from './top.js';

const shared = path.resolve(import.meta.dirname, '../../../shared/testdata/pprof');
function load(name: string) {
  try {
    return parseProfile(readFileSync(path.join(shared, name)), name);
  } catch {
    return undefined;
  }
}
const heap = load('parca-alloc_objects.pb.gz');
const cpu = load('pprof-sample.cpu');

describe.skipIf(!heap || !cpu)('mergeProfiles', () => {
  it('a profile merged with itself has every value doubled and no duplicate samples, locations or functions', () => {
    const twice = mergeProfiles([heap!, heap!]);
    expect(twice.samples.count).toBeLessThanOrEqual(heap!.samples.count);
    expect(twice.functions.length).toBeLessThanOrEqual(heap!.functions.length);
    expect(twice.locations.length).toBeLessThanOrEqual(heap!.locations.length);
    for (const sample of ['alloc_space', 'inuse_objects']) {
      const one = top(select(heap!, { sample }), { nodeFraction: 0 });
      const two = top(select(twice, { sample }), { nodeFraction: 0 });
      expect(two.total).toBe(2 * one.total);
      expect(two.rows.map((r) => [r.name, r.flat / 2, r.cum / 2])).toEqual(one.rows.map((r) => [r.name, r.flat, r.cum]));
    }
    expect(twice.durationNanos).toBe(2n * heap!.durationNanos);
    expect(twice.timeNanos).toBe(heap!.timeNanos);
  });

  it('refuses profiles with different sample types', () => {
    expect(() => mergeProfiles([heap!, cpu!])).toThrow(UsageError);
    expect(() => mergeProfiles([heap!, cpu!])).toThrow(/different sample types/);
  });

  it('a profile minus itself leaves no rows, and the total is the base total (as pprof -diff_base)', () => {
    const d = diffProfiles(heap!, heap!);
    const v = top(select(d, { sample: 'alloc_space' }), { nodeFraction: 0 });
    const base = top(select(heap!, { sample: 'alloc_space' }), { nodeFraction: 0 });
    expect(v.total).toBe(base.total);
    expect(base.rows.length).toBeGreaterThan(0);
    expect(v.rows).toEqual([]);
    expect(v.shown).toBe(0);
  });
});
