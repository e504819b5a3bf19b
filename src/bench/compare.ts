// Groups parsed results into benchstat's tables and computes every cell: one table per
// configuration and unit (benchstat's default `-table .config`), a row per full benchmark name
// (`-row .fullname`), a column per input file (`-col .file`) or per value of a configuration key
// (`--col note`). Keys keep the order in which their values were first seen, as benchproc does.
import type { BenchResult, ParsedBench, UnitMetadata } from './format.js';
import { extractor } from './projection.js';
import { compareSamples, defaultAlpha, defaultConfidence, geomean, summarize, summarizeExact, type Comparison, type Summary } from './stats.js';

export interface CompareOptions {
  /** Column key: ".file" (default), a configuration key such as "note", ".name", "/key". */
  col?: string;
  /** Row key: ".fullname" (default), ".name", "/key", a configuration key. */
  row?: string;
  /** Configuration keys whose differences are ignored (not split into tables). */
  ignore?: string[];
  alpha?: number;
  confidence?: number;
}

export interface Cell {
  /** Sorted values. */
  values: number[];
  summary: Summary;
  /** Warnings about the sample itself (benchmarks vary in keys no table, row or column shows). */
  sampleWarnings: string[];
  /** Against the first column's cell of the same row, when there is one. */
  comparison?: Comparison;
  baseline?: Cell;
}

export interface ColumnSummary {
  /** Geometric mean of the column's centers, when all are > 0. */
  summary?: number;
  /** Geometric mean of the ratios to the baseline column, when computable. */
  ratio?: number;
  warnings: string[];
}

export interface Table {
  /** Configuration values that identify the table (goos, goarch, pkg, cpu...). */
  config: [string, string][];
  unit: string;
  /** The unit is declared `assume=exact`: values are compared exactly, no statistics. */
  exact: boolean;
  rows: string[];
  cols: string[];
  cells: Map<string, Map<string, Cell>>;
  columnSummaries: Map<string, ColumnSummary>;
}

export interface Comparisons {
  tables: Table[];
  /** Configuration keys in the tables' keys, in first-seen order. */
  configKeys: string[];
  /** Every column, in order (a table has only the columns it has results for). */
  cols: string[];
}

/** Remembers the order in which values were first seen. */
class Order {
  private seen = new Map<string, number>();
  rank(v: string): number {
    let r = this.seen.get(v);
    if (r === undefined) this.seen.set(v, (r = this.seen.size));
    return r;
  }
}

interface Pending {
  config: [string, string][];
  unit: string;
  rows: Set<string>;
  cols: Set<string>;
  values: Map<string, Map<string, { values: number[]; residue: Set<string> }>>;
}

export function compare(inputs: ParsedBench[], options: CompareOptions = {}): Comparisons {
  const col = options.col ?? '.file';
  const rowKey = options.row ?? '.fullname';
  const ignore = new Set(options.ignore ?? []);
  // Name keys shown in a row or column are left out of the full name; configuration keys
  // shown there (or ignored) are left out of the tables' configuration.
  const nameKeys = [rowKey, col].filter((k) => k === '.name' || k.startsWith('/'));
  const shownConfig = new Set([rowKey, col].filter((k) => !k.startsWith('.') && !k.startsWith('/')));
  const rowOf = extractor(rowKey, nameKeys);
  const colOf = extractor(col, nameKeys);
  // What a cell may mix without showing it: the full name, when neither rows nor columns show it.
  const residueOf = rowKey !== '.fullname' && col !== '.fullname' ? extractor('.fullname', nameKeys) : () => '';
  const results: BenchResult[] = inputs.flatMap((p) => p.results);
  const units: UnitMetadata[] = inputs.flatMap((p) => p.units);
  const configKeys: string[] = [];
  for (const r of results) {
    for (const [k] of r.config) if (k !== '.file' && !shownConfig.has(k) && !ignore.has(k) && !configKeys.includes(k)) configKeys.push(k);
  }
  const fieldOrders = new Map<string, Order>();
  const order = (field: string) => {
    let o = fieldOrders.get(field);
    if (!o) fieldOrders.set(field, (o = new Order()));
    return o;
  };
  const tables = new Map<string, Pending>();
  // Table keys sort as benchproc sorts them: field by field, configuration keys in the order
  // they appeared, then the unit. benchproc records observation order only for top-level
  // fields, so units sort by first appearance while configuration values (sub-fields of the
  // .config group, all of rank 0) fall back to byte-wise string order.
  const unitOrder = new Order();
  for (const r of results) {
    const cfg = new Map(r.config);
    const tableConfig: [string, string][] = configKeys.map((k) => [k, cfg.get(k) ?? '']);
    const colValue = colOf(r);
    const rowValue = rowOf(r);
    const residue = residueOf(r);
    for (const v of r.values) {
      const key = JSON.stringify([tableConfig, v.unit]);
      let t = tables.get(key);
      if (!t) {
        tables.set(key, (t = { config: tableConfig, unit: v.unit, rows: new Set(), cols: new Set(), values: new Map() }));
        unitOrder.rank(v.unit);
      }
      t.rows.add(rowValue);
      t.cols.add(colValue);
      order('row').rank(rowValue);
      order('col').rank(colValue);
      let row = t.values.get(rowValue);
      if (!row) t.values.set(rowValue, (row = new Map()));
      let c = row.get(colValue);
      if (!c) row.set(colValue, (c = { values: [], residue: new Set() }));
      c.values.push(v.value);
      c.residue.add(residue);
    }
  }
  const sortedKeys = [...tables.keys()].sort((ka, kb) => {
    const a = tables.get(ka)!;
    const b = tables.get(kb)!;
    for (let i = 0; i < configKeys.length; i++) {
      const d = Buffer.compare(Buffer.from(a.config[i]![1]), Buffer.from(b.config[i]![1]));
      if (d !== 0) return d;
    }
    return unitOrder.rank(a.unit) - unitOrder.rank(b.unit);
  });
  const byRank = (field: string) => (a: string, b: string) => order(field).rank(a) - order(field).rank(b);
  const out: Table[] = sortedKeys.map((k) => {
    const p = tables.get(k)!;
    const exact = units.some((u) => u.unit === p.unit && u.key === 'assume' && u.value === 'exact');
    return buildTable(p, exact, [...p.rows].sort(byRank('row')), [...p.cols].sort(byRank('col')), options);
  });
  const allCols = [...new Set(out.flatMap((t) => t.cols))].sort(byRank('col'));
  return { tables: out, configKeys, cols: allCols };
}

function buildTable(p: Pending, exact: boolean, rows: string[], cols: string[], options: CompareOptions): Table {
  const alpha = options.alpha ?? defaultAlpha;
  const confidence = options.confidence ?? defaultConfidence;
  const cells = new Map<string, Map<string, Cell>>();
  for (const row of rows) {
    const m = new Map<string, Cell>();
    for (const c of cols) {
      const raw = p.values.get(row)?.get(c);
      if (!raw) continue;
      const values = [...raw.values].sort((a, b) => a - b);
      const sampleWarnings = raw.residue.size > 1 ? ['benchmarks vary in .fullname'] : [];
      m.set(c, { values, summary: exact ? summarizeExact(values) : summarize(values, confidence), sampleWarnings });
    }
    const base = m.get(cols[0]!);
    for (const [c, cell] of m) {
      if (c === cols[0] || !base) continue;
      cell.baseline = base;
      cell.comparison = exact ? { p: 0, n1: base.values.length, n2: cell.values.length, alpha, warnings: [] } : compareSamples(base.values, cell.values, alpha);
    }
    cells.set(row, m);
  }
  const columnSummaries = new Map<string, ColumnSummary>();
  const nBase = rows.filter((r) => cells.get(r)!.has(cols[0]!)).length;
  cols.forEach((c, i) => {
    const s: ColumnSummary = { warnings: [] };
    const centers: number[] = [];
    const ratios: number[] = [];
    let badRatio = false;
    for (const r of rows) {
      const cell = cells.get(r)!.get(c);
      if (!cell) continue;
      centers.push(cell.summary.center);
      if (cell.baseline) {
        const a = cell.summary.center;
        const b = cell.baseline.summary.center;
        if (a === b) ratios.push(1);
        else if (b === 0) {
          badRatio = true;
          ratios.push(0);
        } else ratios.push(a / b);
      }
    }
    if (i > 0 && nBase !== ratios.length) s.warnings.push('benchmark set differs from baseline; geomeans may not be comparable');
    const gm = geomean(centers);
    if (Number.isNaN(gm)) s.warnings.push('summaries must be >0 to compute geomean');
    else s.summary = gm;
    if (i > 0 && !badRatio) {
      const gr = geomean(ratios);
      if (Number.isNaN(gr)) s.warnings.push('ratios must be >0 to compute geomean');
      else s.ratio = gr;
    }
    columnSummaries.set(c, s);
  });
  return { config: p.config, unit: p.unit, exact, rows, cols, cells, columnSummaries };
}
