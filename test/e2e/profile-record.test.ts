// `heapwise profile record`: the example service's benchmarks run with -memprofile, and the
// profile shown as pprof shows it.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';
import { pprof, tempDir, topBody } from '../fixtures/profile/profiles.js';

const tmp = tempDir('heapwise-profile-record-');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const example = path.join(repoRoot, 'examples/shopsvc');

describe('heapwise profile record', () => {
  it('runs the benchmarks with -memprofile and shows alloc_space like pprof', async () => {
    const out = path.join(tmp, 'api.pb.gz');
    const before = readdirSync(example);
    const r = runCli(['profile', 'record', './internal/api', '-C', example, '--bench', 'Summaries', '--benchtime', '200x', '--memprofilerate', '1', '-o', out, '--top', '20']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`heapwise: profile written to ${out}\n`);
    expect(existsSync(out)).toBe(true);
    expect(readdirSync(example)).toEqual(before); // no test binary left behind
    const want = topBody(await pprof(['-top', '-nodecount=20', '-sample_index=alloc_space', out]));
    expect(want).toMatch(/shopsvc\/internal\/api\.toSummaries/);
    expect(topBody(r.stdout)).toBe(want);
  });

  it('says so when no benchmark matches, or when given several packages', () => {
    const none = runCli(['profile', 'record', './internal/api', '-C', example, '--bench', 'NoSuchBenchmark', '-o', path.join(tmp, 'x.pb.gz')]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^heapwise: no benchmark matches -bench NoSuchBenchmark in \.\/internal\/api\n$/);
    const many = runCli(['profile', 'record', './...', '-C', example, '--bench', '.']);
    expect(many.status).toBe(2);
    expect(many.stderr).toMatch(/one package at a time/);
    expect(runCli(['profile', 'record', './internal/api', '-C', example]).stderr).toMatch(/record needs --bench/);
  });
});
