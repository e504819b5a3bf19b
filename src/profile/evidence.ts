// What a report carries of a profile for the HTML view: the call tree (flame graph), pruned so
// that a large profile stays a small report, and the top rows, for the sample type findings
// are ranked by.
import type { ProfileEvidence, ProfileTreeNode } from '../core/report.js';
import { select } from './filter.js';
import type { Profile } from './model.js';
import { top } from './top.js';
import { tree, type TreeNode } from './tree.js';

/** Nodes below this share of the total are dropped from the flame graph (invisible anyway). */
const minShare = 0.002;

export function profileEvidence(p: Profile): ProfileEvidence {
  const sample = ['alloc_space', 'space', 'inuse_space'].find((t) => p.sampleTypes.some((x) => x.type === t));
  const sel = select(p, sample ? { sample } : {});
  const t = tree(sel, 'functions');
  const floor = Math.abs(t.total) * minShare;
  const prune = (n: TreeNode, depth: number): ProfileTreeNode => ({
    name: n.name,
    file: n.file,
    line: n.line,
    inline: n.inline,
    flat: n.flat,
    cum: n.cum,
    children: depth >= 96 ? [] : n.children.filter((c) => Math.abs(c.cum) >= floor).map((c) => prune(c, depth + 1)),
  });
  const rows = top(sel, { count: 30 }).rows.map((r) => ({ name: r.name, file: r.file, line: r.line, flat: r.flat, flatPercent: r.flatPercent, cum: r.cum, cumPercent: r.cumPercent }));
  return { sampleType: t.sampleType, unit: t.unit, total: t.total, tree: prune(t.root, 0), top: rows };
}
