// The CI gate: `--fail-on-regression 'B/op>5%,allocs/op>0,sec/op>10%'`. A benchmark regresses
// only when the change is statistically significant (benchstat would not print "~") AND worse
// than the threshold: "N%" is relative to the old median, a bare N is in the unit itself.
import { UsageError } from '../core/errors.js';
import type { Comparisons } from './compare.js';
import type { UnitMetadata } from './format.js';
import { tidyUnit } from './units.js';

export interface Threshold {
  /** Tidied unit (ns/op is accepted and means sec/op). */
  unit: string;
  /** As written, for messages. */
  text: string;
  percent: boolean;
  limit: number;
}

export function parseThresholds(spec: string): Threshold[] {
  const out: Threshold[] = [];
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([^\s>]+)\s*>\s*([0-9]*\.?[0-9]+)\s*(%?)$/.exec(part);
    if (!m) throw new UsageError(`--fail-on-regression: expected unit>N or unit>N% (e.g. B/op>5%), not "${part}"`);
    const t = tidyUnit(m[1]!);
    // An absolute limit in ns/op becomes seconds, like the values it is compared with.
    const limit = m[3] ? Number(m[2]) : Number(m[2]) * t.factor;
    out.push({ unit: t.unit, text: part, percent: m[3] === '%', limit });
  }
  if (out.length === 0) throw new UsageError('--fail-on-regression: no thresholds given');
  return out;
}

/** +1 when higher is better, -1 when lower is, as benchfmt decides (Unit ... better=...). */
export function betterDirection(unit: string, units: UnitMetadata[]): number {
  const meta = units.find((u) => u.unit === unit && u.key === 'better');
  if (meta) return meta.value === 'higher' ? 1 : meta.value === 'lower' ? -1 : 0;
  if (unit === 'B/s') return 1;
  // Time, bytes, allocations and custom units: lower is better unless declared otherwise.
  return -1;
}

export interface Regression {
  name: string;
  unit: string;
  config: [string, string][];
  old: number;
  new: number;
  deltaPercent: number;
  pValue: number | null;
  threshold: string;
}

/** Significant regressions beyond the thresholds, comparing the second column with the first. */
export function findRegressions(c: Comparisons, thresholds: Threshold[], units: UnitMetadata[]): Regression[] {
  const out: Regression[] = [];
  for (const t of c.tables) {
    const th = thresholds.filter((x) => x.unit === t.unit);
    if (th.length === 0 || t.cols.length < 2) continue;
    const dir = betterDirection(t.unit, units);
    if (dir === 0) continue;
    for (const row of t.rows) {
      const cell = t.cells.get(row)!.get(t.cols[1]!);
      if (!cell?.comparison || !cell.baseline) continue;
      if (cell.comparison.p > cell.comparison.alpha) continue; // benchstat's "~"
      const oldV = cell.baseline.summary.center;
      const newV = cell.summary.center;
      const worse = dir < 0 ? newV - oldV : oldV - newV;
      if (!(worse > 0)) continue;
      const pct = oldV !== 0 ? (worse / Math.abs(oldV)) * 100 : Infinity;
      for (const x of th) {
        if ((x.percent ? pct : worse) > x.limit) {
          out.push({
            name: row,
            unit: t.unit,
            config: t.config,
            old: oldV,
            new: newV,
            deltaPercent: oldV !== 0 ? (newV / oldV - 1) * 100 : Infinity,
            pValue: t.exact ? null : cell.comparison.p,
            threshold: x.text,
          });
          break;
        }
      }
    }
  }
  return out;
}
