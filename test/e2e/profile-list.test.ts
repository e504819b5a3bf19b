// `heapwise profile ... list <regex>` against `go tool pprof -list` on the same files, run from
// the same directory (both look source files up from there).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';
import { haveSharedTestdata, makeProfile, pprof, sharedTestdata, tempDir } from '../fixtures/profile/profiles.js';

const tmp = tempDir('heapwise-profile-list-');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let allocs: string;
beforeAll(async () => {
  allocs = await makeProfile(tmp, 'allocs.pb.gz', 15000, 6);
});

/** pprof's notes about binaries it could not find are on stdout too: not part of the listing. */
function listing(text: string): string {
  return text
    .split('\n')
    .filter((l) => !/^(Local symbolization failed|Some binary filenames not available|Try setting PPROF_BINARY_PATH)/.test(l))
    .join('\n');
}

function heapwiseList(file: string, regex: string, args: string[], cwd: string): string {
  const r = runCli(['profile', file, 'list', regex, ...args], cwd);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('list agrees with go tool pprof -list', () => {
  const cases: [string, string[], string[]][] = [
    ['main\\.alloc$', [], []],
    ['main\\.(deep|small|keep)', ['-sample_index=alloc_objects'], ['--sample', 'alloc_objects']],
    ['makeBuf|Repeat', ['-sample_index=inuse_space', '-unit=B'], ['--sample', 'inuse_space', '--unit', 'B']],
    ['^runtime\\.', [], []],
    ['main\\.', ['-focus=right'], ['--focus', 'right']],
  ];
  for (const [re, ref, ours] of cases) {
    it(`${re} ${ref.join(' ')}`, async () => {
      const want = listing(await pprof([`-list=${re}`, ...ref, allocs], repoRoot));
      expect(want).toMatch(/ROUTINE =+ /);
      expect(want).toMatch(/^\s+\S+\s+\S+\s+\d+:/m);
      expect(heapwiseList(allocs, re, ours, repoRoot)).toBe(want);
    });
  }

  it('JSON carries the same figures', () => {
    const r = runCli(['profile', allocs, 'list', 'main\\.makeBuf$', '--format', 'json']);
    const j = JSON.parse(r.stdout) as { total: number; functions: { function: string; file: string; flat: number; cum: number; lines: { line: number; source: string; flat: number; cum: number }[] }[] };
    expect(j.functions).toHaveLength(1);
    const f = j.functions[0]!;
    expect(f.function).toBe('main.makeBuf');
    expect(f.lines.find((l) => l.source.includes('return make([]byte, n)'))!.flat).toBe(f.flat);
    expect(f.flat).toBeGreaterThan(0);
  });

  it('no matching function is a one-line error', () => {
    const r = runCli(['profile', allocs, 'list', 'no\\.such\\.function']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('heapwise: no matches found for regexp: no\\.such\\.function\n');
  });

  it.skipIf(!haveSharedTestdata)('on peer profiles whose sources are elsewhere (pprof`s path heuristics)', async () => {
    for (const [file, re] of [
      ['pprof-sample.cpu', 'main\\.|Sort'],
      ['go126.allocs.pb', 'main\\.'],
      ['parca-alloc_space_delta.pb.gz', 'newColumnBuffer|postDecode'],
    ] as const) {
      const f = path.join(sharedTestdata, file);
      const want = listing(await pprof([`-list=${re}`, f], sharedTestdata));
      expect(want).toMatch(/ROUTINE/);
      expect(heapwiseList(f, re, [], sharedTestdata)).toBe(want);
    }
  });
});
