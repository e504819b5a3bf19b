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
  const fmt = (v: number) => (p.unit === 'bytes' ? bytes(Math.round(v)) : `${Math.round(v).toLocaleString('en-US')} ${p.unit}`);
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
      const el = h('div', { class: `frame${n.inline ? ' inline' : ''}`, role: 'treeitem', title: `${n.name}\n${fmt(n.cum)} (${pct(n.cum, p.total)}) here or below, ${fmt(n.flat)} here${n.file ? `\n${n.file}:${n.line}` : ''}` }, w > 40 ? n.name : '');
      el.style.left = `${x}px`;
      el.style.top = `${depth * rowHeight}px`;
      el.style.width = `${Math.max(1, w - 1)}px`;
      el.style.background = colour(n.name);
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
    h('tbody', {}, ...p.top.map((r) => h('tr', {}, h('td', { class: 'num' }, fmt(r.flat)), h('td', { class: 'num' }, `${r.flatPercent.toFixed(2)}%`), h('td', { class: 'num' }, fmt(r.cum)), h('td', { class: 'num' }, `${r.cumPercent.toFixed(2)}%`), h('td', { title: `${r.file}:${r.line}` }, r.name)))),
  );
  const view = h(
    'section',
    { class: 'view', id: 'view-profile' },
    h('p', { class: 'dim' }, `${p.sampleType}: ${fmt(p.total)} in all. Width is what a function and its callees allocated; click to zoom, Escape to go back.`),
    crumbs,
    graph,
    h('h2', {}, 'Top'),
    table,
  );
  (view as HTMLElement & { refresh?: () => void }).refresh = render;
  return view;
}

function pct(v: number, total: number): string {
  return total ? `${((v / total) * 100).toFixed(1)}%` : '';
}

/** A stable warm colour per function name, as flame graphs use. */
function colour(name: string): string {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) | 0;
  const hue = 10 + (Math.abs(hash) % 45);
  return `hsl(${hue} 85% ${58 + (Math.abs(hash >> 8) % 12)}%)`;
}
