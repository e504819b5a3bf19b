// Renders comparisons: text laid out like benchstat's tables (same cells, footnoted warnings),
// and the JSON shape of `heapwise bench compare --format json`.
import type { Comparisons, Table } from './compare.js';
import { comparisonLabel, formatDelta, pctRange, signedPercent } from './stats.js';
import { TextTable } from './texttab.js';
import { commonScale, formatScaled, scale, unitClass } from './units.js';

const superDigits = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const superscript = (i: number) => [...String(i)].map((d) => superDigits[Number(d)]).join('');

/** The formatted cells of one table, as benchstat prints them. */
export interface TextCell {
  center: string;
  range: string;
  delta?: string;
  label?: string;
}

export function formatRow(t: Table, row: string): Map<string, TextCell> {
  const cls = unitClass(t.unit);
  const cells = t.cells.get(row)!;
  const scaler = commonScale([...cells.values()].map((c) => c.summary.center), cls);
  const out = new Map<string, TextCell>();
  for (const [col, cell] of cells) {
    const tc: TextCell = { center: formatScaled(cell.summary.center, scaler), range: pctRange(cell.summary) };
    if (cell.comparison && cell.baseline) {
      tc.delta = formatDelta(cell.comparison, cell.baseline.summary.center, cell.summary.center);
      tc.label = `(${comparisonLabel(cell.comparison)})`;
    }
    out.set(col, tc);
  }
  return out;
}

export function renderText(c: Comparisons): string {
  const parts: string[] = [];
  let prev: Map<string, string> | undefined;
  for (const t of c.tables) {
    const lines: string[] = [];
    for (const [k, v] of t.config) if (!prev || prev.get(k) !== v) lines.push(`${k}: ${v}`);
    prev = new Map(t.config);
    lines.push(...renderTable(t));
    parts.push(lines.join('\n'));
  }
  return parts.length ? parts.join('\n\n') + '\n' : '';
}

// benchstat's layout: a label column, then per input column <center> <± range> <notes>, and for
// every column after the first <delta> <(p=… n=…)> <notes>; headers centred over their span.
function renderTable(t: Table): string[] {
  const o = new TextTable();
  const labelCols = 1;
  const centerCols = 3;
  const deltaCols = 3;
  const startCol = (exp: number) => (exp === 0 ? labelCols : labelCols + centerCols + (exp - 1) * (centerCols + deltaCols));
  const warnings: string[] = [];
  const warn = (msgs: string[]) => {
    o.cell(
      msgs
        .map((m) => {
          let i = warnings.indexOf(m);
          if (i < 0) i = warnings.push(m) - 1;
          return superscript(i + 1);
        })
        .join(' '),
    );
  };
  const rEdge = startCol(t.cols.length + 1);
  o.row();
  t.cols.forEach((c, i) => {
    const l = startCol(i);
    o.at(l).span(startCol(i + 1) - l, c, { align: 'center', leftMargin: ' │ ' });
  });
  o.at(rEdge).cell('', { leftMargin: ' │' });
  o.row();
  t.cols.forEach((_, i) => {
    const l = startCol(i);
    o.at(l).span(centerCols, t.unit, { align: 'center', leftMargin: ' │ ' });
    if (i > 0) o.span(deltaCols, 'vs base', { align: 'left', leftMargin: '  ' });
    for (let j = l + 1; j < o.curCol; j++) o.setShrink(j, true);
  });
  o.at(rEdge).cell('', { leftMargin: ' │' });
  for (const row of t.rows) {
    o.row();
    o.cell(row);
    const f = formatRow(t, row);
    t.cols.forEach((c, exp) => {
      const cell = t.cells.get(row)!.get(c);
      const tc = f.get(c);
      if (!cell || !tc) return;
      o.at(startCol(exp));
      o.cell(tc.center, { align: 'right' });
      o.cell(tc.range, { align: 'right', leftMargin: ' ± ' });
      warn([...cell.sampleWarnings, ...cell.summary.warnings]);
      if (exp > 0 && cell.baseline) {
        o.cell(tc.delta ?? '', { align: 'right' });
        o.cell(tc.label ?? '');
        warn(cell.comparison?.warnings ?? []);
      }
    });
  }
  if (t.rows.length > 1) {
    o.row();
    o.cell('geomean');
    t.cols.forEach((c, exp) => {
      const s = t.columnSummaries.get(c);
      if (!s) return;
      if (s.summary !== undefined) o.at(startCol(exp)).cell(scale(s.summary, unitClass(t.unit)), { align: 'right' });
      if (exp > 0) {
        o.at(startCol(exp) + centerCols);
        if (s.ratio !== undefined) o.cell(signedPercent((s.ratio - 1) * 100) + '%', { align: 'right' });
        else o.cell('?');
      }
      o.at(startCol(exp + 1) - 1);
      warn(s.warnings);
    });
  }
  const lines = o.format().replace(/\n$/, '').split('\n');
  warnings.forEach((w, i) => lines.push(`${superscript(i + 1)} ${w}`));
  return lines;
}

export interface JsonSide {
  median: number;
  ciLow: number | null;
  ciHigh: number | null;
  n: number;
}

export interface JsonBenchmark {
  name: string;
  unit: string;
  config: Record<string, string>;
  old: JsonSide | null;
  new: JsonSide | null;
  /** (new/old - 1) * 100 of the medians; null when a side is missing or old is 0. */
  deltaPercent: number | null;
  /** Mann-Whitney U p-value; null for exact units or when a side is missing. */
  pValue: number | null;
  significant: boolean;
  /** The cells exactly as benchstat prints them ("46.55n ± 9%", "-4.62%" or "~", "(p=0.008 n=10)"). */
  text: { old: string | null; new: string | null; delta: string | null; note: string | null };
  warnings: string[];
}

export interface JsonGeomean {
  old: number | null;
  new: number | null;
  deltaPercent: number | null;
  /** As benchstat prints it: "+1.23%", or "?" when a ratio cannot be computed. */
  delta: string | null;
  warnings: string[];
}

export interface JsonComparison {
  benchmarks: JsonBenchmark[];
  /** Keyed by unit (and the configuration when one unit appears in several tables). */
  geomean: Record<string, JsonGeomean>;
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** The JSON report: the first column is "old", the second "new". */
export function toJson(c: Comparisons): JsonComparison {
  const benchmarks: JsonBenchmark[] = [];
  const geo: Record<string, JsonGeomean> = {};
  const unitCount = new Map<string, number>();
  for (const t of c.tables) unitCount.set(t.unit, (unitCount.get(t.unit) ?? 0) + 1);
  for (const t of c.tables) {
    const [oldCol, newCol] = c.cols;
    const config = Object.fromEntries(t.config);
    for (const row of t.rows) {
      const o = oldCol !== undefined ? t.cells.get(row)!.get(oldCol) : undefined;
      const n = newCol !== undefined ? t.cells.get(row)!.get(newCol) : undefined;
      const side = (x: typeof o): JsonSide | null =>
        x ? { median: x.summary.center, ciLow: finite(x.summary.lo), ciHigh: finite(x.summary.hi), n: x.values.length } : null;
      const cmp = n?.comparison;
      const cells = formatRow(t, row);
      benchmarks.push({
        name: row,
        unit: t.unit,
        config,
        old: side(o),
        new: side(n),
        deltaPercent: o && n && o.summary.center !== 0 ? (n.summary.center / o.summary.center - 1) * 100 : o && n && n.summary.center === 0 ? 0 : null,
        pValue: cmp && !t.exact ? cmp.p : null,
        significant: !!cmp && cmp.p <= cmp.alpha && o!.summary.center !== n!.summary.center,
        text: {
          old: cells.get(oldCol!) ? `${cells.get(oldCol!)!.center} ± ${cells.get(oldCol!)!.range}` : null,
          new: cells.get(newCol!) ? `${cells.get(newCol!)!.center} ± ${cells.get(newCol!)!.range}` : null,
          delta: cells.get(newCol!)?.delta ?? null,
          note: cells.get(newCol!)?.label ?? null,
        },
        warnings: [...(o?.summary.warnings ?? []), ...(n?.summary.warnings ?? []), ...(cmp?.warnings ?? [])],
      });
    }
    const key = unitCount.get(t.unit)! > 1 ? `${t.unit} ${t.config.map(([k, v]) => `${k}=${v}`).join(' ')}` : t.unit;
    const so = oldCol !== undefined ? t.columnSummaries.get(oldCol) : undefined;
    const sn = newCol !== undefined ? t.columnSummaries.get(newCol) : undefined;
    geo[key] = {
      old: so?.summary ?? null,
      new: sn?.summary ?? null,
      deltaPercent: sn?.ratio !== undefined ? (sn.ratio - 1) * 100 : null,
      delta: sn ? (sn.ratio !== undefined ? signedPercent((sn.ratio - 1) * 100) + '%' : '?') : null,
      warnings: [...(so?.warnings ?? []), ...(sn?.warnings ?? [])],
    };
  }
  return { benchmarks, geomean: geo };
}
