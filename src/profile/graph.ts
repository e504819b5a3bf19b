// Flat and cumulative values per node, where a node is what pprof's internal/graph calls a
// NodeInfo at the chosen granularity (function, file, line...). Cum counts a node once per
// sample however often it appears in the stack; flat goes to the leaf frame (for an inlined leaf,
// the innermost inlined function).
import path from 'node:path';
import { forEachKeptSample, type Selection } from './filter.js';

export type Granularity = 'functions' | 'filefunctions' | 'files' | 'lines';
export const granularities: readonly Granularity[] = ['functions', 'filefunctions', 'files', 'lines'];

export interface GraphNode {
  /** pprof's printable name: "pkg.Func", "pkg.Func /src/x.go:12", "/src/x.go", "[binary]", "<unknown>". */
  name: string;
  function: string;
  file: string;
  /** The line (line granularity) or the function's start line (0 when unknown). */
  line: number;
  /** The cleaned file name that is part of the node's identity ('' at function granularity). */
  sourceFile: string;
  /** The function's start line when the identity includes it (see objNames). */
  startLine: number;
  flat: number;
  cum: number;
  /** Identity beyond the name (pprof's NodeInfo), for the final tie-break. */
  key: string;
  /** Index of the node in the graph's id space (see Graph.locNodes). */
  id: number;
}

export interface Graph {
  nodes: GraphNode[];
  /** pprof's report total: sum of |value| over all samples (diff profiles: over the base samples). */
  total: number;
  /** Node ids of each location's lines, outermost (caller) first; GraphNode.id indexes them. */
  locNodes: Int32Array[];
  /** Every node by id, with or without value. */
  byId: GraphNode[];
  /** The flat sum over all nodes (pprof's base for node and edge cut-offs). */
  flatSum: number;
}

/** Go's filepath.Clean for slash paths. */
function cleanPath(p: string): string {
  let c = path.posix.normalize(p);
  if (c.length > 1 && c.endsWith('/')) c = c.slice(0, -1);
  return c;
}

/**
 * objNames: pprof's ObjNames (set for source listings): the binary and the function's start line
 * become part of every node's identity.
 */
export function buildGraph(sel: Selection, granularity: Granularity = 'functions', objNames = false): Graph {
  const p = sel.profile;
  const keepFunction = granularity !== 'files';
  const keepFile = granularity !== 'functions';
  const keepLine = granularity === 'lines';
  const nodes: GraphNode[] = [];
  const byKey = new Map<string, number>();
  const nodeFor = (fi: number, lineNo: number, mapping: number): number => {
    const objfile = mapping >= 0 ? p.mappings[mapping]!.file : '';
    let name = '', file = '', line = 0, startLine = 0, obj = '';
    if (fi >= 0) {
      const f = p.functions[fi]!;
      if (keepFunction) name = f.name;
      if (keepFile && f.filename) file = cleanPath(f.filename);
      if (keepLine) line = lineNo;
      if (name === '' || objNames) {
        obj = objfile;
        startLine = f.startLine;
      }
    } else obj = objfile;
    const key = `${name}\0${file}\0${line}\0${obj}\0${startLine}`;
    let n = byKey.get(key);
    if (n === undefined) {
      const parts: string[] = [];
      if (name) parts.push(name);
      if (line !== 0) parts.push(`${file}:${line}`);
      else if (file) parts.push(file);
      else if (name) { /* the name says it all */ }
      else if (obj) parts.push(`[${path.posix.basename(obj)}]`);
      else parts.push('<unknown>');
      const f = fi >= 0 ? p.functions[fi]! : undefined;
      n = nodes.length;
      nodes.push({
        name: parts.join(' '),
        function: name,
        file: f?.filename ?? '',
        line: keepLine ? line : (f?.startLine ?? 0),
        sourceFile: file,
        startLine,
        flat: 0,
        cum: 0,
        key,
        id: nodes.length,
      });
      byKey.set(key, n);
    }
    return n;
  };

  // Nodes of each location, outermost (caller) line first: the order a stack is walked in.
  const locNodes: Int32Array[] = p.locations.map((loc, li) => {
    const lines = loc.lines;
    const from = sel.lineStart[li]!;
    if (lines.length === 0) return Int32Array.of(nodeFor(-1, 0, loc.mapping));
    const out = new Int32Array(lines.length - from);
    for (let j = lines.length - 1, k = 0; j >= from; j--, k++) out[k] = nodeFor(lines[j]!.function, lines[j]!.line, loc.mapping);
    return out;
  });

  const { count, stack, values, labels } = p.samples;
  const width = p.sampleTypes.length;
  const si = sel.sampleIndex;
  const flat = new Float64Array(nodes.length);
  const cum = new Float64Array(nodes.length);
  const seen = new Int32Array(nodes.length).fill(-1);
  let total = 0, baseTotal = 0;
  // Percentages are of the whole profile, before --focus/--ignore (pprof's default; its
  // -relative_percentages is the other choice).
  for (let s = 0; s < count; s++) {
    const w = Math.abs(values[s * width + si]!);
    total += w;
    if (labels[s]?.some((l) => l.key === 'pprof::base')) baseTotal += w;
  }
  forEachKeptSample(sel, (s, w, a, end) => {
    let leaf = -1;
    for (let i = end - 1; i >= a; i--) {
      const ln = locNodes[stack[i]!]!;
      for (let k = 0; k < ln.length; k++) {
        const n = ln[k]!;
        if (seen[n] !== s) {
          seen[n] = s;
          cum[n] += w;
        }
        leaf = n;
      }
    }
    if (leaf >= 0) flat[leaf] += w;
  });
  const out: GraphNode[] = [];
  let flatSum = 0;
  nodes.forEach((n, i) => {
    n.flat = flat[i]!;
    n.cum = cum[i]!;
    flatSum += n.flat;
    if (n.flat !== 0 || n.cum !== 0) out.push(n);
  });
  return { nodes: out, total: baseTotal > 0 ? baseTotal : total, locNodes, byId: nodes, flatSum };
}
