// Self-test of the compiler oracle (test/support/sizeof-oracle.ts), independent of heapwise:
// feed it deliberately wrong layouts, check it reveals the compiler's values, feed those back,
// and check it then reports no mismatch. On the way it pins the two places where
// fieldalignment's own size model differs from the compiler's (complex64, 64-bit atomics on
// 32-bit platforms), which the struct-padding oracle test treats as documented exceptions.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runFieldalignment, structKey } from '../support/fieldalignment.js';
import { type OracleResult, listPackages, listStructDecls, runSizeofOracle } from '../support/sizeof-oracle.js';
import { type Arch, type HeapwiseStruct, REPO_ROOT, mapLimit, stdRoot } from '../support/tools.js';

const EDGE = path.join(REPO_ROOT, 'test', 'oracle', 'testdata', 'edgemod');

/** heapwise-shaped structs for every struct of the packages, all figures `fill`. */
async function fakeStructs(dir: string, arch: Arch, patterns: string[], fill: number): Promise<HeapwiseStruct[]> {
  const pkgs = await listPackages(dir, arch, patterns);
  const out: HeapwiseStruct[] = [];
  for (const p of pkgs) {
    const files = [...(p.GoFiles ?? []), ...(p.CgoFiles ?? [])].map((f) => path.join(p.Dir, f));
    for (const d of await listStructDecls(files, dir)) {
      out.push({
        package: p.ImportPath,
        name: d.name,
        file: d.file,
        line: d.line,
        column: d.column,
        size: fill,
        optimalSize: fill,
        ptrBytes: 0,
        optimalPtrBytes: 0,
        align: fill,
        fields: d.fields.map((name) => ({ name, type: '?', offset: fill, size: fill, align: fill })),
        optimalOrder: d.fields,
      });
    }
  }
  return out;
}

/** Copies the compiler's values the oracle revealed into the structs. */
function applyTruth(structs: HeapwiseStruct[], r: OracleResult): HeapwiseStruct[] {
  const byKey = new Map(structs.map((s) => [structKey(s.file, s.line, s.column), structuredClone(s)]));
  for (const m of r.mismatches) {
    const s = byKey.get(m.key);
    if (!s || typeof m.compiler !== 'number') continue;
    const f = s.fields.find((x) => x.name === m.field);
    if (m.figure === 'size') s.size = m.compiler;
    else if (m.figure === 'align') s.align = m.compiler;
    else if (m.figure === 'fieldOffset' && f) f.offset = m.compiler;
    else if (m.figure === 'fieldSize' && f) f.size = m.compiler;
    else if (m.figure === 'fieldAlign' && f) f.align = m.compiler;
  }
  return [...byKey.values()];
}

function find(structs: HeapwiseStruct[], name: string): HeapwiseStruct {
  const s = structs.find((x) => x.name === name);
  if (!s) throw new Error(`no struct ${name}`);
  return s;
}

describe('sizeof oracle (compiler as oracle), self-test on test/oracle/testdata/edgemod', () => {
  const arches: Arch[] = ['amd64', '386', 'arm64'];
  const truths = new Map<Arch, Promise<{ truth: HeapwiseStruct[]; first: OracleResult; second: OracleResult }>>();
  const truthFor = (arch: Arch) => {
    let p = truths.get(arch);
    if (!p) {
      p = (async () => {
        const wrong = await fakeStructs(EDGE, arch, ['./...'], 1000);
        const first = await runSizeofOracle({ arch, dir: EDGE, structs: wrong });
        const truth = applyTruth(wrong, first);
        const second = await runSizeofOracle({ arch, dir: EDGE, structs: truth });
        return { truth, first, second };
      })();
      truths.set(arch, p);
    }
    return p;
  };

  test('runs the three architectures', async () => {
    // Start all three (they compile in parallel), so the per-arch tests below just read results.
    await mapLimit(arches, 3, (a) => truthFor(a));
  });

  test.each(arches)('%s: wrong figures are all caught, then the revealed ones all pass', async (arch) => {
    const { first, second, truth } = await truthFor(arch);
    expect(first.buildErrors).toEqual([]);
    expect(first.checked).toBeGreaterThan(20);
    // Every checked struct had wrong figures, so every one must be reported.
    const flagged = new Set(first.mismatches.map((m) => m.key));
    for (const [key, st] of first.status) if (st !== 'skipped') expect(flagged, key).toContain(key);
    expect(first.mismatches.every((m) => typeof m.compiler === 'number'), JSON.stringify(first.mismatches.filter((m) => typeof m.compiler !== 'number'))).toBe(true);
    expect(second.buildErrors).toEqual([]);
    expect(second.mismatches).toEqual([]);
    expect(second.checked).toBe(first.checked);
    // Skips are explicit and explained.
    expect(Object.keys(second.skipped).sort()).toEqual(
      expect.arrayContaining(['declared inside a function', 'generic type (needs an instantiation)']),
    );
    // The compiler's layouts of a few structs, as fixed points.
    const word = arch === '386' ? 4 : 8;
    expect(find(truth, 'Bad').size).toBe(arch === '386' ? 16 : 24);
    expect(find(truth, 'Ptrs').size).toBe(8 + 3 * word);
    // complex64 is 4-aligned for the compiler (fieldalignment assumes 8 on 64-bit).
    expect(find(truth, 'C64')).toMatchObject({ size: 16, align: 4 });
    // 64-bit atomics are 8-aligned everywhere (fieldalignment assumes 4 on 32-bit).
    expect(find(truth, 'At')).toMatchObject({ size: 24, align: 8 });
    expect(find(truth, 'At').fields.find((f) => f.name === 'n')).toMatchObject({ offset: 8, align: 8 });
    expect(find(truth, 'Counters').align).toBe(8);
    // Trailing zero-size field gets a byte of padding.
    expect(find(truth, 'ZeroTail').size).toBe(arch === '386' ? 12 : 16);
    if (arch === '386') expect(find(truth, 'Only386').size).toBe(20);
    else expect(truth.some((s) => s.name === 'Only386')).toBe(false);
  });

  test('fieldalignment disagrees with the compiler exactly where documented (complex64; align64 on 32-bit)', async () => {
    const results = await mapLimit(arches, 3, async (arch) => {
      const [{ truth, second }, fa] = await Promise.all([truthFor(arch), runFieldalignment({ dir: EDGE, arch, patterns: ['./...'] })]);
      const verified = truth.filter((s) => second.status.get(structKey(s.file, s.line, s.column)) === 'verified');
      const byKey = new Map(verified.map((s) => [structKey(s.file, s.line, s.column), s]));
      const differs: string[] = [];
      for (const r of fa.records) {
        const s = byKey.get(r.key);
        if (s && r.kind === 'size' && r.size !== s.size) differs.push(`${r.name}: fieldalignment ${r.size}, compiler ${s.size}`);
      }
      return [arch, differs.sort()] as const;
    });
    const by = Object.fromEntries(results);
    expect(by['amd64']).toEqual([
      'C64: fieldalignment 24, compiler 16',
      'Complexes: fieldalignment 48, compiler 40',
      'WithNested: fieldalignment 32, compiler 24',
    ]);
    expect(by['arm64']).toEqual(by['amd64']);
    expect(by['386']).toEqual(['At: fieldalignment 16, compiler 24', 'Counters: fieldalignment 28, compiler 40']);
  });

  test('works on standard-library packages (overlay into GOROOT/src), amd64', async () => {
    const dir = await stdRoot();
    const wrong = await fakeStructs(dir, 'amd64', ['text/tabwriter', 'container/list'], 1000);
    const first = await runSizeofOracle({ arch: 'amd64', dir, structs: wrong });
    expect(first.buildErrors).toEqual([]);
    expect(first.checked).toBeGreaterThanOrEqual(3);
    const second = await runSizeofOracle({ arch: 'amd64', dir, structs: applyTruth(wrong, first) });
    expect(second.mismatches).toEqual([]);
    const writer = find(applyTruth(wrong, first), 'Writer');
    expect(writer.file).toBe('text/tabwriter/tabwriter.go');
  });
});
