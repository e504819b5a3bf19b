// The profile view: a flame graph of the call tree (callers above callees, width = bytes
// allocated there or below; click a frame to zoom, Escape or the path to zoom out) and the
// top table, for the profile given to analyze --profile.
import type { ProfileTreeNode } from '../src/core/report.js';
import type { ReportData } from './data.js';
import { append, bytes, clear, h } from './dom.js';

const rowHeight = 20;

export function profileView(data: ReportData): HTMLElement {
  const p = data.profile;
  if (!p) {
    return h('section', { class: 'view', id: 'view-profile' }, h('p', { class: 'dim' }, 'No profile in this report: run heapwise analyze --profile heap.pb.gz (or a /debug/pprof/allocs URL) to rank findings by measured allocation and see where the bytes go.'));
  }
  const fmt = (v: number): string => (v < 0 ? `−${fmt(-v)}` : p.unit === 'bytes' ? bytes(Math.round(v)) : `${Math.round(v).toLocaleString('en-US')} ${p.unit}`);
  const signed = (v: number) => (v > 0 ? `+${fmt(v)}` : v < 0 ? fmt(v) : '±0');
  // With a base profile, frames are coloured by how much their allocation changed.
  const largestChange = p.base ? maxAbsDelta(p.tree) : 0;
  const crumbs = h('div', { class: 'crumbs' });
  const graph = h('div', { class: 'flame', role: 'tree', 'aria-label': 'flame graph', tabindex: 0 });
  const path: ProfileTreeNode[] = [p.tree];

  const render = () => {
    clear(graph);
    clear(crumbs);
    path.forEach((n, i) => {
      const a = h('button', { class: 'crumb' }, i === 0 ? 'all' : n.name);
      a.addEventListener('click', () => {
        path.length = i + 1;
        render();
      });
      append(crumbs, i > 0 ? ' › ' : '', a);
    });
    const root = path[path.length - 1]!;
    const width = graph.clientWidth || 1200;
    let rows = 0;
    const draw = (n: ProfileTreeNode, x: number, depth: number, scale: number) => {
      const w = Math.abs(n.cum) * scale;
      if (w < 1) return;
      rows = Math.max(rows, depth + 1);
      const change = n.delta !== undefined ? `\n${signed(n.delta)} against the base` : '';
      const el = h('div', { class: `frame${n.inline ? ' inline' : ''}`, role: 'treeitem', title: `${n.name}\n${fmt(n.cum)} (${pct(n.cum, p.total)}) here or below, ${fmt(n.flat)} here${change}${n.file ? `\n${n.file}:${n.line}` : ''}` }, w > 40 ? n.name : '');
      el.style.left = `${x}px`;
      el.style.top = `${depth * rowHeight}px`;
      el.style.width = `${Math.max(1, w - 1)}px`;
      el.style.background = p.base ? diffColour(n.delta ?? 0, largestChange) : colour(n.name);
      if (p.base && n.delta) el.dataset.change = n.delta > 0 ? 'grew' : 'shrank';
      el.addEventListener('click', () => {
        const i = path.indexOf(n);
        if (i < 0) path.push(n);
        render();
      });
      graph.appendChild(el);
      let cx = x;
      for (const c of n.children) {
        draw(c, cx, depth + 1, scale);
        cx += Math.abs(c.cum) * scale;
      }
    };
    const scale = width / Math.max(1, Math.abs(root.cum));
    draw(root, 0, 0, scale);
    graph.style.height = `${rows * rowHeight}px`;
  };

  graph.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && path.length > 1) {
      path.pop();
      render();
    }
  });
  const table = h(
    'table',
    { class: 'top-table' },
    h('thead', {}, h('tr', {}, ...['flat', 'flat%', 'cum', 'cum%', 'function'].map((c) => h('th', {}, c)))),
    h('tbody', {}, ...p.top.map((r) => h('tr', {}, h('td', { class: 'num' }, p.base ? signed(r.flat) : fmt(r.flat)), h('td', { class: 'num' }, `${r.flatPercent.toFixed(2)}%`), h('td', { class: 'num' }, p.base ? signed(r.cum) : fmt(r.cum)), h('td', { class: 'num' }, `${r.cumPercent.toFixed(2)}%`), h('td', { title: `${r.file}:${r.line}` }, r.name)))),
  );
  const view = h(
    'section',
    { class: 'view', id: 'view-profile' },
    h('p', { class: 'dim' }, `${p.sampleType}: ${fmt(p.total)} in all. Width is what a function and its callees allocated; click to zoom, Escape to go back.`),
    p.base
      ? h('p', { class: 'flame-legend' }, `Compared with ${p.base.name} (${signed(p.base.delta)} in all): `, h('span', { class: 'swatch grew' }, 'red: allocates more'), ' ', h('span', { class: 'swatch shrank' }, 'blue: allocates less'), ', the deeper the colour the larger the change; grey: unchanged. Frames that no longer allocate at all appear only in the table.')
      : '',
    crumbs,
    graph,
    h('h2', {}, p.base ? `Top changes against ${p.base.name}` : 'Top'),
    table,
  );
  (view as HTMLElement & { refresh?: () => void }).refresh = render;
  return view;
}

function pct(v: number, total: number): string {
  return total ? `${((v / total) * 100).toFixed(1)}%` : '';
}

function maxAbsDelta(n: ProfileTreeNode): number {
  // The root's own change would wash out every other frame's colour.
  let m = 0;
  const walk = (x: ProfileTreeNode) => {
    for (const c of x.children) {
      m = Math.max(m, Math.abs(c.delta ?? 0));
      walk(c);
    }
  };
  walk(n);
  return m;
}

/** Red for growth, blue for shrinkage, deeper with the size of the change; grey when unchanged. */
function diffColour(delta: number, largest: number): string {
  if (delta === 0 || largest === 0) return 'hsl(0 0% 78%)';
  const r = Math.min(1, Math.abs(delta) / largest);
  return `hsl(${delta > 0 ? 0 : 212} ${35 + 50 * r}% ${86 - 30 * r}%)`;
}

/** A stable warm colour per function name, as flame graphs use. */
function colour(name: string): string {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) | 0;
  const hue = 10 + (Math.abs(hash) % 45);
  return `hsl(${hue} 85% ${58 + (Math.abs(hash >> 8) % 12)}%)`;
}
