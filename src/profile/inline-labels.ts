// pprof's "(inline)" / "(partial-inline)" row labels: a node is inlined when the calls into it,
// in the graph pprof shows, were inlined into their caller (an inner line of a location), and
// partially so when some were and some were not. The edges are those between the nodes shown
// (a hidden node in between makes a residual edge), and edges below the edge fraction of the
// total (pprof -edgefraction, 0.001) are ignored, as pprof trims them before labelling.
import { forEachKeptSample, type Selection } from './filter.js';
import type { Graph } from './graph.js';

export function inlineLabels(sel: Selection, g: Graph, shown: Set<number>, edgeFraction = 0.001): Map<number, string> {
  const edgeCutoff = Math.abs(Math.trunc(g.flatSum * edgeFraction));
  // Edge (parent, child) -> [weight, inline, last sample that touched it].
  const edges = new Map<number, [number, boolean, number]>();
  let n = 1;
  for (const id of shown) if (id >= n) n = id + 1;
  const isShown = new Uint8Array(n);
  for (const id of shown) isShown[id] = 1;
  const { stack } = sel.profile.samples;
  forEachKeptSample(sel, (s, w, a, end) => {
    let parent = -1;
    for (let i = end - 1; i >= a; i--) {
      const ln = g.locNodes[stack[i]!]!;
      for (let k = 0; k < ln.length; k++) {
        const node = ln[k]!;
        if (!isShown[node]) continue;
        if (parent >= 0 && node !== parent) {
          const key = parent * n + node;
          const e = edges.get(key);
          if (!e) edges.set(key, [w, k !== 0, s]);
          else if (e[2] !== s) {
            e[0] += w;
            if (k === 0) e[1] = false;
            e[2] = s;
          }
        }
        parent = node;
      }
    }
  });
  const flags = new Map<number, number>(); // bit 1: an inlined call in, bit 2: a regular one
  for (const [key, [weight, inline]] of edges) {
    if (Math.abs(weight) < edgeCutoff) continue;
    const child = key % n;
    flags.set(child, (flags.get(child) ?? 0) | (inline ? 1 : 2));
  }
  const labels = new Map<number, string>();
  for (const [node, f] of flags) if (f & 1) labels.set(node, f & 2 ? '(partial-inline)' : '(inline)');
  return labels;
}
