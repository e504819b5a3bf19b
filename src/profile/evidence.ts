// What a report carries of a profile for the HTML view: the call tree (flame graph), pruned so
// that a large profile stays a small report, and the top rows, for the sample type findings
// are ranked by. With a base profile, each frame also carries how much more or less it
// allocates than in the base along the same call path (pprof -diff_base), for diff colouring.
import type { ProfileEvidence, ProfileTreeNode } from '../core/report.js';
import { select } from './filter.js';
import { diffProfiles } from './merge.js';
import type { Profile } from './model.js';
import { top } from './top.js';
import { tree, type TreeNode } from './tree.js';

/** Nodes below this share of the total are dropped from the flame graph (invisible anyway). */
const minShare = 0.002;

export function profileEvidence(p: Profile, base?: { profile: Profile; name: string }): ProfileEvidence {
  const sample = ['alloc_space', 'space', 'inuse_space'].find((t) => p.sampleTypes.some((x) => x.type === t));
  const sel = select(p, sample ? { sample } : {});
  const t = tree(sel, 'functions');
  const diff = base ? select(diffProfiles(p, base.profile), sample ? { sample } : {}) : undefined;
  const deltas = diff ? cumByPath(tree(diff, 'functions').root) : undefined;
  const floor = Math.abs(t.total) * minShare;
  const prune = (n: TreeNode, depth: number, path: string): ProfileTreeNode => ({
    name: n.name,
    file: n.file,
    line: n.line,
    inline: n.inline,
    flat: n.flat,
    cum: n.cum,
    ...(deltas ? { delta: deltas.get(path) ?? 0 } : {}),
    children: depth >= 96 ? [] : n.children.filter((c) => Math.abs(c.cum) >= floor).map((c) => prune(c, depth + 1, `${path}\n${c.name}`)),
  });
  const rows = top(diff ?? sel, { count: 30 }).rows.map((r) => ({ name: r.name, file: r.file, line: r.line, flat: r.flat, flatPercent: r.flatPercent, cum: r.cum, cumPercent: r.cumPercent }));
  return {
    sampleType: t.sampleType,
    unit: t.unit,
    total: t.total,
    tree: prune(t.root, 0, ''),
    top: rows,
    ...(base && deltas ? { base: { name: base.name, delta: deltas.get('') ?? 0 } } : {}),
  };
}

/** Cumulative values by call path (frame names from the root, newline-separated). */
function cumByPath(root: TreeNode): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (n: TreeNode, path: string) => {
    out.set(path, n.cum);
    for (const c of n.children) walk(c, `${path}\n${c.name}`);
  };
  walk(root, '');
  return out;
}
