// analyze --profile: findings carry what a real allocation profile measured at their lines and
// are ranked by it; allocation hot spots that no finding explains become hot-alloc findings.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { repoRoot, runCli } from '../support/cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'heapwise-aprof-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('analyze --profile', () => {
  it('ranks findings by the bytes the profile measured at their lines', () => {
    const dir = path.join(tmp, 'module');
    cpSync(path.join(repoRoot, 'test/fixtures/benchjoin'), dir, { recursive: true });
    const src = path.join(dir, 'render/render.go');
    writeFileSync(src, readFileSync(src, 'utf8').replace('return strings.Join(words, ",")', 's := ""\n\tfor _, w := range words {\n\t\ts += w + ","\n\t}\n\treturn strings.TrimSuffix(s, ",")'));
    const profile = path.join(tmp, 'mem.pb.gz');
    const rec = runCli(['profile', 'record', './render', '--bench', '.', '--memprofilerate', '1', '--benchtime', '2000x', '-C', dir, '-o', profile]);
    expect(rec.status, rec.stderr).toBe(0);

    const r = runCli(['analyze', '-C', dir, '--format', 'json', '--profile', profile]);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as Report;
    type Measured = Record<string, { flat: number; cum: number }>;
    const bytes = (i: number) => (report.findings[i]!.data?.profile as Measured | undefined)?.alloc_space?.cum ?? 0;
    const concat = report.findings.find((f) => f.analyzer === 'string-concat-loop')!;
    expect((concat.data!.profile as Measured).alloc_space!.cum).toBeGreaterThan(0);
    // Ranked: measured bytes never increase down the list of static findings.
    const measured = report.findings.filter((f) => f.analyzer !== 'hot-alloc').map((_, i) => bytes(i));
    expect(measured).toEqual([...measured].sort((a, b) => b - a));

    const text = runCli(['analyze', '-C', dir, '--no-color', '--profile', profile]).stdout;
    expect(text).toMatch(/string-concat-loop[^\n]*\n(    [^\n]*\n)*?    measured: [\d.]+ (KiB|MiB|GiB) allocated here or below \([\d,]+ objects\)/);
  });

  it('colours the flame graph by the change from a base profile (--profile-base)', () => {
    const dir = path.join(tmp, 'module-diff');
    cpSync(path.join(repoRoot, 'test/fixtures/benchjoin'), dir, { recursive: true });
    const record = (out: string) => {
      const rec = runCli(['profile', 'record', './render', '--bench', '.', '--memprofilerate', '1', '--benchtime', '2000x', '-C', dir, '-o', out]);
      expect(rec.status, rec.stderr).toBe(0);
    };
    const before = path.join(tmp, 'before.pb.gz');
    const after = path.join(tmp, 'after.pb.gz');
    record(before);
    const src = path.join(dir, 'render/render.go');
    writeFileSync(src, readFileSync(src, 'utf8').replace('return strings.Join(words, ",")', 's := ""\n\tfor _, w := range words {\n\t\ts += w + ","\n\t}\n\treturn strings.TrimSuffix(s, ",")'));
    record(after);

    const r = runCli(['analyze', '-C', dir, '--format', 'json', '--profile', after, '--profile-base', before]);
    expect(r.stderr).toBe('');
    const p = (JSON.parse(r.stdout) as Report).profile!;
    expect(p.base?.name).toBe('before.pb.gz');
    // Concatenating in a loop allocates more than strings.Join did: the total grew, and so did
    // the frame of the function that now concatenates, on its call path.
    expect(p.base!.delta).toBeGreaterThan(0);
    type Node = NonNullable<typeof p>['tree'];
    const frames: Node[] = [];
    const walk = (n: Node) => {
      frames.push(n);
      n.children.forEach(walk);
    };
    walk(p.tree);
    expect(frames.every((n) => typeof n.delta === 'number')).toBe(true);
    const grown = frames.filter((n) => /render\./.test(n.name) && n.delta! > 0);
    expect(grown.length, frames.map((n) => `${n.name} ${n.delta}`).join('\n')).toBeGreaterThan(0);
    // The top rows are those of the difference: what the base subtracted shows as less.
    expect(p.top.some((row) => /render\./.test(row.name) && row.flat > 0)).toBe(true);

    const noProfile = runCli(['analyze', '-C', dir, '--profile-base', before]);
    expect(noProfile.status).toBe(2);
    expect(noProfile.stderr).toMatch(/^heapwise: --profile-base goes with --profile/);
  });

  it('says which file is not a profile', () => {
    const bad = path.join(tmp, 'not-a-profile.pb.gz');
    writeFileSync(bad, 'hello');
    const r = runCli(['analyze', '-C', path.join(repoRoot, 'test/fixtures/benchjoin'), '--profile', bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^heapwise: .*not-a-profile\.pb\.gz/);
  });
});
