// The benchmark comparison as the HTML report shows it: benchstat's tables, one per
// configuration and unit, with every cell already formatted by the same code that prints
// `heapwise bench compare` (so the page shows benchstat's numbers and computes no statistics).
import type { Comparisons } from '../bench/compare.js';
import type { UnitMetadata } from '../bench/format.js';
import { betterDirection } from '../bench/gate.js';
import { toJson } from '../bench/render.js';
import { signedPercent } from '../bench/stats.js';
import { scale, unitClass } from '../bench/units.js';
import type { BenchComparison, BenchTable } from '../core/report.js';

/** The first column is "old", the second "new" (as in `bench compare --format json`). */
export function benchComparison(c: Comparisons, units: UnitMetadata[]): BenchComparison {
  const json = toJson(c);
  const [oldCol, newCol] = c.cols;
  const tables: BenchTable[] = [];
  let at = 0;
  // toJson lists the rows table after table, in the tables' order.
  for (const t of c.tables) {
    const rows = json.benchmarks.slice(at, at + t.rows.length).map((b) => ({
      name: b.name,
      old: b.text.old,
      new: b.text.new,
      delta: b.text.delta,
      note: b.text.note === null ? null : b.text.note.replace(/^\((.*)\)$/, '$1'),
      oldMedian: b.old?.median ?? null,
      newMedian: b.new?.median ?? null,
      deltaPercent: b.deltaPercent,
      pValue: b.pValue,
      significant: b.significant,
      warnings: b.warnings,
    }));
    at += t.rows.length;
    const table: BenchTable = { unit: t.unit, config: t.config, better: betterDirection(t.unit, units), rows };
    if (t.rows.length > 1) {
      // benchstat's geomean row: the centre of each column, the change of the second.
      const so = oldCol !== undefined ? t.columnSummaries.get(oldCol) : undefined;
      const sn = newCol !== undefined ? t.columnSummaries.get(newCol) : undefined;
      table.geomean = {
        old: so?.summary !== undefined ? scale(so.summary, unitClass(t.unit)) : null,
        new: sn?.summary !== undefined ? scale(sn.summary, unitClass(t.unit)) : null,
        delta: sn ? (sn.ratio !== undefined ? `${signedPercent((sn.ratio - 1) * 100)}%` : '?') : null,
      };
    }
    tables.push(table);
  }
  return { old: oldCol ?? '', new: newCol ?? '', tables };
}
