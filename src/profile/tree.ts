// The call tree (flame graph data): pprof's tree graph (internal/graph newTree) as nested data.
// Each path from the root is its own node, so a function appears once per distinct call path;
// inlined frames are nodes of their own, marked `inline` (they were compiled into their caller).
import { forEachKeptSample, type Selection } from './filter.js';
import { buildGraph, type Granularity } from './graph.js';

export interface TreeNode {
  name: string;
  function: string;
  file: string;
  line: number;
  /** Inlined into its parent (an inner line of the same location) on every path through it. */
  inline: boolean;
  flat: number;
  cum: number;
  children: TreeNode[];
}

export interface TreeView {
  sampleType: string;
  unit: string;
  total: number;
  root: TreeNode;
}

interface Building extends TreeNode {
  byChild: Map<string, Building>;
}

function newNode(name: string, fn: string, file: string, line: number, inline: boolean): Building {
  return { name, function: fn, file, line, inline, flat: 0, cum: 0, children: [], byChild: new Map() };
}

export function tree(sel: Selection, granularity: Granularity = 'functions'): TreeView {
  const g = buildGraph(sel, granularity);
  const p = sel.profile;
  const root = newNode('root', '', '', 0, false);
  const { stack } = p.samples;
  forEachKeptSample(sel, (_s, w, a, end) => {
    let parent = root;
    root.cum += w;
    for (let i = end - 1; i >= a; i--) {
      const ln = g.locNodes[stack[i]!]!;
      for (let k = 0; k < ln.length; k++) {
        const info = g.byId[ln[k]!]!;
        // One child per node identity (as pprof's tree); it is inline when every call was.
        const key = String(info.id);
        let child = parent.byChild.get(key);
        if (!child) {
          child = newNode(info.name, info.function, info.file, info.line, k !== 0);
          parent.byChild.set(key, child);
          parent.children.push(child);
        } else if (k === 0) child.inline = false;
        child.cum += w;
        parent = child;
      }
    }
    if (parent !== root) parent.flat += w;
  });
  const t = p.sampleTypes[sel.sampleIndex]!;
  return { sampleType: t.type, unit: t.unit, total: g.total, root: finish(root) };
}

/** Children by |cum| (largest first), then name; the lookup maps dropped. */
function finish(n: Building): TreeNode {
  const children = n.children
    .map((c) => finish(c as Building))
    .sort((x, y) => Math.abs(y.cum) - Math.abs(x.cum) || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return { name: n.name, function: n.function, file: n.file, line: n.line, inline: n.inline, flat: n.flat, cum: n.cum, children };
}

/** Indented text: one line per node down to `minCum`, cum then flat then the name. */
export function renderTreeText(v: TreeView, format: (x: number) => string, minCum: number): string {
  const out = [`Type: ${v.sampleType}`, `${'cum'.padStart(10)} ${'flat'.padStart(10)}  call tree (nodes with cum below ${format(minCum)} hidden)`];
  const walk = (n: TreeNode, depth: number) => {
    for (const c of n.children) {
      if (Math.abs(c.cum) < minCum) continue;
      out.push(`${format(c.cum).padStart(10)} ${format(c.flat).padStart(10)}  ${'  '.repeat(depth)}${c.name}${c.inline ? ' (inline)' : ''}`);
      walk(c, depth + 1);
    }
  };
  walk(v.root, 0);
  return out.join('\n') + '\n';
}
