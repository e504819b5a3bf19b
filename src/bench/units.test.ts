import { execFileSync } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goFloat } from './stats.js';
import { commonScale, formatFixed, formatScaled, tidyUnit, unitClass } from './units.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');

describe('number formatting, against Go itself', () => {
  it("formatFixed is strconv's 'f' and goFloat is %v, ties to even included", () => {
    const values = fc.sample(
      fc.oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e22, max: 1e22 }),
        // Exact binary ties at the rounding digit: k/2^n.
        fc.tuple(fc.integer({ min: -100000, max: 100000 }), fc.integer({ min: 0, max: 12 })).map(([k, n]) => k / 2 ** n),
        fc.double({ min: 1e-12, max: 1e-3, noNaN: true }),
      ),
      { numRuns: 400, seed: 42 },
    );
    const precs = values.map((_, i) => i % 5);
    const input = values.map((v, i) => `${v} ${precs[i]}`).join('\n') + '\n';
    const out = execFileSync('go', ['run', '.'], { cwd: path.join(repoRoot, 'test/fixtures/bench/gofmt'), input, encoding: 'utf8', env: { ...process.env, GOFLAGS: '-mod=mod', GO111MODULE: 'off' } });
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(values.length);
    values.forEach((v, i) => {
      const [f, g] = lines[i]!.split('\t');
      expect(formatFixed(v, precs[i]!), `${v} at ${precs[i]}`).toBe(f);
      expect(goFloat(v), `${v}`).toBe(g);
    });
  });
});

describe('units', () => {
  it('tidies ns and MB in the numerator only', () => {
    expect(tidyUnit('ns/op')).toEqual({ unit: 'sec/op', factor: 1e-9 });
    expect(tidyUnit('MB/s')).toEqual({ unit: 'B/s', factor: 1e6 });
    expect(tidyUnit('frames-ns/op').unit).toBe('frames-sec/op');
    expect(tidyUnit('ops/ns')).toEqual({ unit: 'ops/ns', factor: 1 });
  });

  it('scales bytes by 1024 and the rest by 1000, with four significant figures', () => {
    expect(unitClass('B/op')).toBe('binary');
    expect(unitClass('ops/B')).toBe('decimal');
    expect(formatScaled(2048, commonScale([2048, 2560], 'binary'))).toBe('2.000Ki');
    expect(formatScaled(9.25e-7, commonScale([9.25e-7, 1.125e-6], 'decimal'))).toBe('925.0n');
  });
});
