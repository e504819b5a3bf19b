import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare } from '../bench/compare.js';
import { parseBench } from '../bench/format.js';
import { renderText } from '../bench/render.js';
import { benchComparison } from './bench-comparison.js';

const dir = path.resolve(import.meta.dirname, '../../test/fixtures/bench');
const read = (f: string) => parseBench(readFileSync(path.join(dir, f), 'utf8'), f);

describe('benchComparison', () => {
  const base = read('shapes-old.txt');
  const next = read('shapes-new.txt');
  const c = compare([base, next]);
  const b = benchComparison(c, [...base.units, ...next.units]);
  const text = renderText(c);

  it('has benchstat tables, rows and cells', () => {
    expect(b.old).toBe('shapes-old.txt');
    expect(b.tables.map((t) => t.unit)).toEqual(['sec/op', 'B/op', 'allocs/op', 'hits/op', 'B/s', 'frames-sec/op', 'sec/op', 'B/op', 'allocs/op']);
    expect(b.tables.map((t) => t.better).slice(0, 5)).toEqual([-1, -1, -1, -1, 1]);
    expect(b.tables[0]!.config).toEqual([['goos', 'linux'], ['goarch', 'amd64'], ['pkg', 'example.com/shape'], ['cpu', 'Test CPU']]);
    const ties = b.tables[0]!.rows.find((r) => r.name === 'Ties-4')!;
    expect(ties).toMatchObject({ old: '100.5n ± 0%', new: '102.0n ± 1%', delta: '+1.49%', note: 'p=0.022 n=8', significant: true });
    const identical = b.tables[0]!.rows.find((r) => r.name === 'Identical-4')!;
    expect(identical).toMatchObject({ delta: '~', significant: false, warnings: ['all samples are equal'] });
    expect(b.tables[0]!.rows.find((r) => r.name === 'OnlyNew-4')).toMatchObject({ old: null, delta: null });
  });

  it('prints every cell and geomean as the text table does', () => {
    // renderText separates the tables by a blank line, in the same order.
    const blocks = text.trimEnd().split('\n\n');
    expect(blocks).toHaveLength(b.tables.length);
    b.tables.forEach((t, i) => {
      const lines = blocks[i]!.split('\n');
      for (const r of t.rows) {
        const line = lines.find((l) => l.startsWith(`${r.name} `))!;
        for (const cell of [r.old, r.new, r.delta, r.note]) {
          if (cell) for (const part of cell.split(' ± ')) expect(line).toContain(part);
        }
      }
      if (t.geomean) {
        const line = lines.find((l) => l.startsWith('geomean'))!;
        for (const cell of [t.geomean.old, t.geomean.new, t.geomean.delta]) if (cell) expect(line).toContain(cell);
      } else expect(lines.some((l) => l.startsWith('geomean'))).toBe(false);
    });
  });
});
