// `heapwise profile ... top` against `go tool pprof -top` on the same files: profiles made here by
// a real Go program with deep and inlined stacks, and the shared peer profiles (pprof, Parca, Go).
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createLimiter } from '../support/tools.js';
import { haveSharedTestdata, makeProfile, pprof, rawUnit, sharedTestdata, tempDir, topBody } from '../fixtures/profile/profiles.js';

const tmp = tempDir('heapwise-profile-top-');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const limit = createLimiter(2);

let allocs: string;
let heap: string;
beforeAll(async () => {
  allocs = await makeProfile(tmp, 'allocs.pb.gz', 20000, 7);
  heap = await makeProfile(tmp, 'heap.pb.gz', 12000, 5, 'heap');
});

function heapwiseTop(file: string, args: string[]): string {
  const r = runCli(['profile', file, 'top', ...args]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return topBody(r.stdout);
}

// [pprof flags, heapwise flags]
const views: [string[], string[]][] = [
  [['-nodecount=20'], ['--top', '20']],
  [['-nodecount=25', '-sample_index=alloc_objects'], ['--top', '25', '--sample', 'alloc_objects']],
  [['-nodecount=30', '-sample_index=inuse_space', '-unit=B'], ['--top', '30', '--sample', 'inuse_space', '--unit', 'B']],
  [['-nodecount=30', '-lines'], ['--top', '30', '--granularity', 'line']],
  [['-nodecount=20', '-files', '-unit=kB'], ['--top', '20', '--granularity', 'file', '--unit', 'kB']],
  [['-nodecount=40', '-focus=right', '-ignore=label'], ['--top', '40', '--focus', 'right', '--ignore', 'label']],
  [['-nodecount=40', '-focus=main\\.small', '-nodefraction=0'], ['--top', '40', '--focus', 'main\\.small', '--node-fraction', '0']],
  [['-nodecount=100', '-nodefraction=0', '-unit=B'], ['--top', '100', '--node-fraction', '0', '--unit', 'B']],
];

describe('top agrees with go tool pprof -top on profiles made by a Go program', () => {
  for (const [ref, ours] of views) {
    it(`allocs: ${ref.join(' ')}`, async () => {
      const want = topBody(await limit(() => pprof(['-top', ...ref, allocs])));
      expect(want.split('\n').length).toBeGreaterThan(5);
      expect(heapwiseTop(allocs, ours)).toBe(want);
    });
  }
  it('heap (default sample type: inuse_space, as pprof picks it)', async () => {
    const want = topBody(await limit(() => pprof(['-top', '-nodecount=30', heap])));
    expect(want).toMatch(/main\.makeBuf/);
    expect(heapwiseTop(heap, ['--top', '30'])).toBe(want);
  });
});

describe('top agrees with go tool pprof on the shared peer profiles', () => {
  if (!haveSharedTestdata) {
    it.skip(`shared test data not found at ${sharedTestdata}: skipped`, () => {});
    return;
  }
  const manifest = readFileSync(path.join(sharedTestdata, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  // Formats heapwise reads: profile.proto (gzipped or raw) and the legacy text profiles of Go and
  // gperftools (heap, growth, contention, goroutine, threadcreate). Not: legacy binary CPU
  // profiles, threadz, Java: those are one-line errors (below).
  const rows = manifest.map((l) => l.split('\t'));
  const unsupported = (format: string) => /legacy binary|threadz|Java/.test(format);
  const supported = rows.filter(([, format]) => !unsupported(format!));
  it('refuses the formats it does not read with one line that says what to do', () => {
    const refused = rows.filter(([, format]) => unsupported(format!));
    expect(refused.length).toBeGreaterThan(0);
    for (const [file] of refused) {
      const r = runCli(['profile', path.join(sharedTestdata, file!)]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(file!);
      expect(r.stderr).toMatch(/are not supported; convert with `go tool pprof -proto`/);
    }
  });
  for (const [file, , types] of supported) {
    for (const t of types!.split(' ')) {
      const [type, unit] = t.split('/') as [string, string];
      const u = rawUnit(unit);
      it(`${file} ${type}`, async () => {
        const f = path.join(sharedTestdata, file!);
        const ref = ['-top', '-symbolize=none', '-nodecount=30', `-sample_index=${type}`, ...(u ? [`-unit=${u}`] : [])];
        const want = topBody(await limit(() => pprof([...ref, f])));
        expect(want).toMatch(/flat%/);
        expect(heapwiseTop(f, ['--top', '30', '--sample', type, ...(u ? ['--unit', u] : [])])).toBe(want);
      });
    }
  }
});
