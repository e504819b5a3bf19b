// analyze --bench-base --bench: a real allocation regression, measured with go test -bench
// before and after a change, is named on the finding in the code the benchmark runs.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import type { Report } from '../../src/core/report.js';
import { repoRoot, runCli } from '../support/cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'heapwise-benchjoin-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function bench(dir: string, out: string): void {
  const text = execFileSync('go', ['test', '-run=^$', '-bench=.', '-benchmem', '-count=6', '-benchtime=20ms', './...'], { cwd: dir, encoding: 'utf8' });
  writeFileSync(out, text);
}

describe('benchmark regressions joined to findings', () => {
  it('names the regressed benchmark on the finding in the function it runs', () => {
    const dir = path.join(tmp, 'module');
    cpSync(path.join(repoRoot, 'test/fixtures/benchjoin'), dir, { recursive: true });
    const before = path.join(tmp, 'old.txt');
    const after = path.join(tmp, 'new.txt');
    bench(dir, before);
    // The change: Join concatenates in a loop, one allocation per word.
    const src = path.join(dir, 'render/render.go');
    writeFileSync(
      src,
      readFileSync(src, 'utf8').replace('return strings.Join(words, ",")', 's := ""\n\tfor _, w := range words {\n\t\ts += w + ","\n\t}\n\treturn strings.TrimSuffix(s, ",")'),
    );
    bench(dir, after);

    const r = runCli(['analyze', '-C', dir, '--format', 'json', '--bench-base', before, '--bench', after]);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as Report;
    const allocs = report.benchmarks!.find((b) => b.unit === 'allocs/op')!;
    expect(allocs).toMatchObject({ name: 'Join-2'.replace('-2', `-${os.availableParallelism()}`), traced: true });
    expect(allocs.new).toBeGreaterThan(allocs.old);
    const concat = report.findings.find((f) => f.analyzer === 'string-concat-loop') as Finding;
    expect(concat.data?.benchmarks).toEqual(expect.arrayContaining([expect.objectContaining({ name: allocs.name, unit: 'allocs/op' })]));
    // Count is not run by the benchmark: nothing is blamed on it.
    expect(report.findings.filter((f) => f.file === 'render/render.go' && f.line > 17 && f.data?.benchmarks)).toEqual([]);

    const text = runCli(['analyze', '-C', dir, '--no-color', '--bench-base', before, '--bench', after]).stdout;
    expect(text).toMatch(/regressed: Join-\d+ allocs\/op \+\d+\.\d+% \(p=0\.\d+\) runs this code/);
    expect(text).toMatch(/Benchmark regressions[^\n]*\n(  .*\n)*  Join-\d+ allocs\/op \+[\d.]+%: reaches 1 function of the module by direct calls; \d+ findings? there/);
  });

  it('requires both files', () => {
    const r = runCli(['analyze', '-C', path.join(repoRoot, 'test/fixtures/benchjoin'), '--bench', 'x.txt']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--bench-base and --bench go together/);
  });
});
