import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goSortSlice } from './go-sort.js';

interface Rec {
  key1: number;
  key2: number;
  id: number;
}

/**
 * Reference program: sorts every input array with the real sort.Slice,
 * comparing by (key1, key2) only so that ids break no ties, and prints the
 * resulting id order of each array.
 */
const GO_PROGRAM = `package main

import (
	"bufio"
	"encoding/json"
	"os"
	"sort"
)

type rec struct {
	Key1 int \`json:"key1"\`
	Key2 int \`json:"key2"\`
	ID   int \`json:"id"\`
}

func main() {
	var arrays [][]rec
	if err := json.NewDecoder(bufio.NewReader(os.Stdin)).Decode(&arrays); err != nil {
		panic(err)
	}
	out := make([][]int, len(arrays))
	for k, a := range arrays {
		sort.Slice(a, func(i, j int) bool {
			if a[i].Key1 != a[j].Key1 {
				return a[i].Key1 < a[j].Key1
			}
			return a[i].Key2 < a[j].Key2
		})
		ids := make([]int, len(a))
		for i := range a {
			ids[i] = a[i].ID
		}
		out[k] = ids
	}
	w := bufio.NewWriter(os.Stdout)
	if err := json.NewEncoder(w).Encode(out); err != nil {
		panic(err)
	}
	if err := w.Flush(); err != nil {
		panic(err)
	}
}
`;

/** mulberry32: tiny deterministic PRNG so the generated cases never change. */
function makeRng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Pattern = (n: number, rand: (k: number) => number) => Array<[number, number]>;

const patterns: Record<string, Pattern> = {
  allEqual: (n) => Array.from({ length: n }, () => [0, 0]),
  sortedWithTies: (n) => Array.from({ length: n }, (_, i) => [Math.floor(i / 3), 0]),
  reversedWithTies: (n) => Array.from({ length: n }, (_, i) => [Math.floor((n - i) / 2), (n - i) % 2]),
  strictlyReversed: (n) => Array.from({ length: n }, (_, i) => [n - i, 0]),
  sawtooth: (n) => Array.from({ length: n }, (_, i) => [i % Math.max(2, Math.floor(n / 5)), 0]),
  sawtoothDown: (n) => Array.from({ length: n }, (_, i) => [7 - (i % 8), 0]),
  organPipe: (n) => Array.from({ length: n }, (_, i) => [Math.min(i, n - 1 - i), 0]),
  randomFewKeys: (n, rand) => Array.from({ length: n }, () => [rand(3), rand(2)]),
  randomTwoKeys: (n, rand) => Array.from({ length: n }, () => [rand(2), 0]),
  randomWide: (n, rand) => Array.from({ length: n }, () => [rand(Math.max(1, n)), rand(2)]),
  nearlySorted: (n, rand) => {
    const a: Array<[number, number]> = Array.from({ length: n }, (_, i) => [Math.floor(i / 2), 0]);
    for (let s = 0; s < 3 && n > 1; s++) {
      const i = rand(n);
      const j = rand(n);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    return a;
  },
  mostlyEqualFewLarger: (n, rand) => Array.from({ length: n }, () => [rand(10) === 0 ? 1 + rand(3) : 0, 0]),
};

/**
 * Builds an input that drives pdqsort into its heapsort fallback, following
 * McIlroy's "killer adversary" idea: every element starts as "gas" (greater
 * than any decided value) and the comparator decides values lazily. Whenever
 * two undecided elements meet, the left operand is frozen to the next smallest
 * value; against pdqsort this makes pivots land near the range start over and
 * over, exhausting the bad-pivot budget. After `freezeLimit` elements have been
 * frozen, undecided elements simply compare equal, so the heapsorted part ends
 * up full of ties. The comparisons made here are consistent with the final
 * values, so sorting the returned keys replays exactly the same path (verified
 * with an instrumented copy of the port while writing this test: every case
 * below reaches heapsort).
 */
function adversaryKeys(n: number, freezeLimit: number): number[] {
  const gas = n;
  const cells = Array.from({ length: n }, (_, pos) => ({ pos, val: gas }));
  let frozen = 0;
  goSortSlice(cells, (a, b) => {
    if (a.val === gas && b.val === gas && frozen < freezeLimit) a.val = frozen++;
    return a.val < b.val;
  });
  const keys = new Array<number>(n);
  for (const c of cells) keys[c.pos] = c.val;
  return keys;
}

function buildCases(): Rec[][] {
  const rng = makeRng(0x5eed);
  const rand = (k: number): number => Math.floor(rng() * k);
  const cases: Rec[][] = [];
  for (let n = 0; n <= 300; n++) {
    for (const make of Object.values(patterns)) {
      cases.push(make(n, rand).map(([key1, key2], id) => ({ key1, key2, id })));
    }
  }
  // Inputs that exhaust the bad-pivot budget and fall back to heapsort.
  for (const n of [100, 150, 200, 256, 300]) {
    for (const freezeLimit of [Math.floor(n / 2), Math.floor((3 * n) / 4), n]) {
      cases.push(adversaryKeys(n, freezeLimit).map((key1, id) => ({ key1, key2: 0, id })));
    }
  }
  // A few longer random arrays, still with many ties.
  for (const n of [1000, 1024, 4097]) {
    cases.push(Array.from({ length: n }, (_, id) => ({ key1: rand(50), key2: rand(3), id })));
  }
  return cases;
}

function byKeys(a: Rec, b: Rec): boolean {
  if (a.key1 !== b.key1) return a.key1 < b.key1;
  return a.key2 < b.key2;
}

describe('goSortSlice', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'heapwise-go-sort-'));
    writeFileSync(join(dir, 'main.go'), GO_PROGRAM);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('sorts according to less', () => {
    const xs = [5, 3, 9, 1, 1, 8, 2, 7, 6, 4, 0, 12, 11, 10, 15, 14, 13];
    goSortSlice(xs, (a, b) => a < b);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    const empty: number[] = [];
    goSortSlice(empty, (a, b) => a < b);
    expect(empty).toEqual([]);
  });

  it('reproduces the exact permutation of Go sort.Slice, ties included', () => {
    const cases = buildCases();
    const stdout = execFileSync('go', ['run', 'main.go'], {
      cwd: dir,
      input: JSON.stringify(cases),
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' },
    });
    const expected = JSON.parse(stdout) as number[][];
    expect(expected).toHaveLength(cases.length);

    let mismatches = 0;
    const firstMismatches: string[] = [];
    cases.forEach((input, k) => {
      const copy = input.slice();
      goSortSlice(copy, byKeys);
      const got = copy.map((r) => r.id);
      const want = expected[k]!;
      if (got.length !== want.length || got.some((id, i) => id !== want[i])) {
        mismatches++;
        if (firstMismatches.length < 3) {
          firstMismatches.push(`case ${k} (length ${input.length}): got ${JSON.stringify(got)} want ${JSON.stringify(want)}`);
        }
      }
    });
    expect(firstMismatches).toEqual([]);
    expect(mismatches).toBe(0);
  });
});
