// The GC view (analyze --gc-trace): the heap over time as the trace measured it (heap at the
// start and end of each cycle, live heap after marking, the goal the pacer set), the cumulative
// GC CPU share, the diagnosis, and the fitted GOGC what-if table.
import type { GcEvidence } from '../src/core/report.js';
import type { ReportData } from './data.js';
import { bytes, h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';

function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.appendChild(document.createTextNode(text));
  return el;
}

interface Series {
  name: string;
  cls: string;
  points: [number, number][];
}

/** A line chart: x is seconds since the process started, y is whatever `fmt` prints. */
function chart(title: string, series: Series[], fmt: (v: number) => string): SVGSVGElement {
  const W = 760;
  const H = 220;
  const L = 70;
  const B = 28;
  const all = series.flatMap((x) => x.points);
  const xMax = Math.max(...all.map((p) => p[0]), 1e-9);
  const yMax = Math.max(...all.map((p) => p[1]), 1e-9) * 1.05;
  const X = (x: number) => L + (x / xMax) * (W - L - 30);
  const Y = (y: number) => H - B - (y / yMax) * (H - B - 20);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img' });
  svg.appendChild(s('title', {}, title));
  svg.appendChild(s('text', { x: L, y: 12, class: 'chart-title' }, title));
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    svg.appendChild(s('line', { x1: L, x2: W - 10, y1: Y(v), y2: Y(v), class: 'grid' }));
    svg.appendChild(s('text', { x: L - 6, y: Y(v) + 4, 'text-anchor': 'end', class: 'tick' }, fmt(v)));
  }
  for (let i = 0; i <= 4; i++) {
    const v = (xMax * i) / 4;
    svg.appendChild(s('text', { x: X(v), y: H - 8, 'text-anchor': 'middle', class: 'tick' }, `${v.toFixed(2)} s`));
  }
  for (const x of series) {
    svg.appendChild(s('polyline', { points: x.points.map(([a, b]) => `${X(a).toFixed(1)},${Y(b).toFixed(1)}`).join(' '), class: `series ${x.cls}` }));
  }
  series.forEach((x, i) => {
    svg.appendChild(s('rect', { x: L + 10 + i * 150, y: 22, width: 10, height: 10, class: `key ${x.cls}` }));
    svg.appendChild(s('text', { x: L + 24 + i * 150, y: 31, class: 'tick' }, x.name));
  });
  return svg;
}

/** The heap saw-tooth: it grows from heapStart to heapEnd during each cycle, drops to live. */
function heapSeries(gc: GcEvidence): Series[] {
  const heap: [number, number][] = [];
  for (const c of gc.cycles) heap.push([c.startSec, c.heapStart], [c.endSec, c.heapEnd], [c.endSec, c.live]);
  return [
    { name: 'heap in use', cls: 's0', points: heap },
    { name: 'live after mark', cls: 's1', points: gc.cycles.map((c) => [c.endSec, c.live]) },
    { name: 'goal', cls: 's2', points: gc.cycles.map((c) => [c.startSec, c.goal]) },
  ];
}

export function gcView(data: ReportData): HTMLElement {
  const gc = data.gc;
  if (!gc) {
    return h('section', { class: 'view', id: 'view-gc' }, h('p', { class: 'dim' }, 'No GC trace in this report: run the service with GODEBUG=gctrace=1 and give its stderr to heapwise analyze --gc-trace trace.txt.'));
  }
  const sum = gc.summary;
  // The GOGC was inferred from goal/live, so it is rarely exact: mark the grid row within 10%.
  const traced = gc.whatIf.find((p) => p.gogc !== null && Math.abs(p.gogc - gc.gogc) <= p.gogc * 0.1)?.gogc;
  const card = (label: string, value: string) => h('div', { class: 'card' }, h('div', { class: 'dim' }, label), h('div', { class: 'card-value' }, value));
  return h(
    'section',
    { class: 'view', id: 'view-gc' },
    h('p', { class: 'dim' }, `${gc.cycles.length} GC cycles from ${gc.file}, run with GOGC≈${gc.gogc}`),
    h(
      'div',
      { class: 'cards' },
      card('GC cycles per second', sum.cyclesPerSec.toFixed(1)),
      card('GC CPU', `${sum.gcCpuPercent.toFixed(1)}%`),
      card('mark assist CPU', `${sum.assistCpuPercent.toFixed(1)}%`),
      card('allocation rate', `${bytes(Math.round(sum.allocBytesPerSec))}/s`),
      card('stop-the-world p99', `${sum.pauseMs.p99.toFixed(3)} ms`),
    ),
    sum.findings.length > 0 ? h('ul', { class: 'gc-findings' }, ...sum.findings.map((f) => h('li', {}, f))) : h('p', { class: 'dim' }, 'Nothing in this trace looks wrong.'),
    chart('heap over time', heapSeries(gc), (v) => bytes(Math.round(v))),
    chart('GC CPU since start', [{ name: 'GC share of CPU', cls: 's3', points: gc.cycles.map((c) => [c.endSec, c.cpuPercent]) }], (v) => `${v.toFixed(1)}%`),
    h('h3', {}, 'What if GOGC were set to…'),
    h('p', { class: 'dim' }, 'From a model fitted to this trace: the live heap and allocation rate stay as measured, the heap goal moves with GOGC.'),
    h(
      'table',
      { class: 'top-table whatif' },
      h('thead', {}, h('tr', {}, ...['GOGC', 'cycles/s', 'peak heap', 'GC CPU'].map((c) => h('th', {}, c)))),
      h(
        'tbody',
        {},
        ...gc.whatIf.map((p) =>
          h(
            'tr',
            { class: p.gogc === traced ? 'current' : '' },
            h('td', {}, p.gogc === null ? 'off' : p.gogc === traced ? `${p.gogc} (as traced)` : String(p.gogc)),
            h('td', { class: 'num' }, p.cyclesPerSec.toFixed(1)),
            h('td', { class: 'num' }, p.peakHeapBytes === null ? 'unbounded' : bytes(Math.round(p.peakHeapBytes))),
            h('td', { class: 'num' }, `${p.gcCpuPercent.toFixed(1)}%`),
          ),
        ),
      ),
    ),
  );
}
