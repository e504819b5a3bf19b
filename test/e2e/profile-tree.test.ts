// `heapwise profile ... tree` (flame graph data) checked against go tool pprof -top on the same
// file: summed over the tree, every function's flat equals pprof's flat, and its cum equals
// pprof's cum wherever the function is not nested under itself (recursion counts cum once per
// sample in top, once per path in a tree).
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { makeProfile, pprof, tempDir } from '../fixtures/profile/profiles.js';

interface Node {
  name: string;
  function: string;
  inline: boolean;
  flat: number;
  cum: number;
  children: Node[];
}

const tmp = tempDir('heapwise-profile-tree-');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let allocs: string;
beforeAll(async () => {
  allocs = await makeProfile(tmp, 'allocs.pb.gz', 12000, 6);
});

/** pprof -top rows: name -> [flat, cum] in raw units. */
function parseTop(text: string): { total: number; rows: Map<string, [number, number]> } {
  const total = Number(/of (\d+)B? total/.exec(text)![1]);
  const rows = new Map<string, [number, number]>();
  for (const l of text.split('\n')) {
    const m = /^\s*(\d+)B?\s+\S+%\s+\S+%\s+(\d+)B?\s+\S+%\s{2}(\S+)/.exec(l);
    if (m) rows.set(m[3]!, [Number(m[1]), Number(m[2])]);
  }
  return { total, rows };
}

describe('heapwise profile tree', () => {
  for (const sample of ['alloc_space', 'inuse_objects']) {
    it(`agrees with pprof -top (${sample})`, async () => {
      const r = runCli(['profile', allocs, 'tree', '--format', 'json', '--sample', sample]);
      expect(r.stderr).toBe('');
      const t = JSON.parse(r.stdout) as { total: number; root: Node };
      const ref = parseTop(await pprof(['-top', '-nodefraction=0', `-sample_index=${sample}`, '-unit=B', allocs]));
      expect(t.total).toBe(ref.total);
      expect(t.root.cum).toBe(ref.total);
      const flat = new Map<string, number>();
      const cum = new Map<string, number>();
      const nested = new Set<string>();
      let inlined = 0;
      const walk = (n: Node, ancestors: Set<string>) => {
        expect(n.cum).toBe(n.flat + n.children.reduce((s, c) => s + c.cum, 0));
        if (n.inline) inlined++;
        flat.set(n.name, (flat.get(n.name) ?? 0) + n.flat);
        if (ancestors.has(n.name)) nested.add(n.name);
        else cum.set(n.name, (cum.get(n.name) ?? 0) + n.cum);
        const next = new Set(ancestors).add(n.name);
        for (const c of n.children) walk(c, next);
      };
      for (const c of t.root.children) walk(c, new Set());
      expect(inlined).toBeGreaterThan(0);
      expect(nested.has('main.deep')).toBe(true);
      expect(new Set(flat.keys())).toEqual(new Set(ref.rows.keys()));
      for (const [name, [f, c]] of ref.rows) {
        expect(flat.get(name), name).toBe(f);
        if (!nested.has(name)) expect(cum.get(name), name).toBe(c);
      }
    });
  }
});
