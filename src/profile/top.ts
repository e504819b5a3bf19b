// The `top` view: pprof's `-top` report (internal/report TextItems over a trimmed graph): nodes
// whose cum is below nodeFraction of the total are dropped, the rest sorted by |flat| then name,
// the first N shown with flat, flat%, sum%, cum, cum%.
import { buildGraph, type Granularity, type GraphNode } from './graph.js';
import type { Selection } from './filter.js';
import { inlineLabels } from './inline-labels.js';
import { percentage, scaledLabel, selectOutputUnit } from './units.js';

export interface TopOptions {
  granularity?: Granularity;
  /** Show at most this many rows (pprof -nodecount); 0 or undefined: all. */
  count?: number;
  /** pprof -nodefraction: drop nodes whose |cum| is below this share of the total (default 0.005). */
  nodeFraction?: number;
}

export interface TopRow {
  name: string;
  /** pprof's "(inline)" / "(partial-inline)", or ''. */
  inline: string;
  function: string;
  file: string;
  line: number;
  flat: number;
  flatPercent: number;
  sumPercent: number;
  cum: number;
  cumPercent: number;
}

export interface TopView {
  sampleType: string;
  unit: string;
  total: number;
  /** Sum of flat over the rows shown. */
  shown: number;
  /** Nodes dropped by the node fraction, and the cut-off used in the header. */
  droppedNodes: number;
  nodeCutoff: number;
  /** Nodes left after the node fraction (the "out of" in "Showing top N nodes out of M"). */
  nodeCount: number;
  rows: TopRow[];
}

function compareNodes(a: GraphNode, b: GraphNode): number {
  const fa = Math.abs(a.flat), fb = Math.abs(b.flat);
  if (fa !== fb) return fb - fa;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  const ca = Math.abs(a.cum), cb = Math.abs(b.cum);
  if (ca !== cb) return cb - ca;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

export function top(sel: Selection, o: TopOptions = {}): TopView {
  const g = buildGraph(sel, o.granularity ?? 'functions');
  const { nodes, total, flatSum } = g;
  const fraction = o.nodeFraction ?? 0.005;
  const cutoff = Math.abs(Math.trunc(flatSum * fraction));
  const kept = cutoff > 0 ? nodes.filter((n) => Math.abs(n.cum) >= cutoff) : nodes;
  kept.sort(compareNodes);
  const shownNodes = o.count && o.count > 0 ? kept.slice(0, o.count) : kept;
  const inline = inlineLabels(sel, g, new Set(shownNodes.map((n) => n.id)));
  let sum = 0, shown = 0;
  // Signed (a diff's negative rows stay negative); the text view prints magnitudes, as pprof.
  const pct = (v: number) => (total === 0 ? 0 : (v / Math.abs(total)) * 100);
  const rows = shownNodes.map((n) => {
    sum += n.flat;
    shown += n.flat;
    return {
      name: n.name,
      inline: inline.get(n.id) ?? '',
      function: n.function,
      file: n.file,
      line: n.line,
      flat: n.flat,
      flatPercent: pct(n.flat),
      sumPercent: pct(sum),
      cum: n.cum,
      cumPercent: pct(n.cum),
    };
  });
  const t = sel.profile.sampleTypes[sel.sampleIndex]!;
  return {
    sampleType: t.type,
    unit: t.unit,
    total,
    shown,
    droppedNodes: nodes.length - kept.length,
    nodeCutoff: Math.abs(Math.trunc(total * fraction)),
    nodeCount: kept.length,
    rows,
  };
}

/** Text as `go tool pprof -top` prints it (below its File/Type/Time header). */
export function renderTopText(v: TopView, outputUnit = 'minimum'): string {
  const sampleUnit = v.unit.toLowerCase();
  const unit = outputUnit === 'minimum' && v.rows.length > 0 ? selectOutputUnit(v.rows, v.total, sampleUnit) : outputUnit;
  const fmt = (x: number) => scaledLabel(x, sampleUnit, unit);
  const lines = [`Type: ${v.sampleType}`];
  lines.push(`Showing nodes accounting for ${fmt(v.shown)}, ${percentage(v.shown, v.total).trim()} of ${fmt(v.total)} total`);
  if (v.total !== 0) {
    if (v.droppedNodes > 0) lines.push(`Dropped ${v.droppedNodes} node${v.droppedNodes > 1 ? 's' : ''} (cum <= ${fmt(v.nodeCutoff)})`);
    if (v.rows.length > 0 && v.rows.length < v.nodeCount) lines.push(`Showing top ${v.rows.length} nodes out of ${v.nodeCount}`);
  }
  lines.push(`${'flat'.padStart(10)} ${'flat'.padStart(5)}% ${'sum'.padStart(5)}% ${'cum'.padStart(10)} ${'cum'.padStart(5)}%`);
  let sum = 0;
  for (const r of v.rows) {
    sum += r.flat;
    lines.push(`${fmt(r.flat).padStart(10)} ${percentage(r.flat, v.total)} ${percentage(sum, v.total)} ${fmt(r.cum).padStart(10)} ${percentage(r.cum, v.total)}  ${r.name}${r.inline ? ' ' + r.inline : ''}`);
  }
  return lines.join('\n') + '\n';
}

export function renderTopJson(v: TopView): string {
  const { sampleType, unit, total } = v;
  const rows = v.rows.map(({ function: fn, file, line, flat, flatPercent, sumPercent, cum, cumPercent }) => ({ function: fn, file, line, flat, flatPercent, sumPercent, cum, cumPercent }));
  return JSON.stringify({ sampleType, unit, total, rows }, null, 2) + '\n';
}
