// heapwise bench compare as CI meets it: the regression gate's exit codes and messages, the
// JSON shape, and one-line errors for bad input.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';

const fixtures = path.join(repoRoot, 'test/fixtures/bench');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'heapwise-bench-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const compare = (...args: string[]) => runCli(['bench', 'compare', ...args], fixtures);

function expectOneLineError(r: { status: number; stdout: string; stderr: string }, pattern: RegExp) {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('--fail-on-regression', () => {
  it('exits 1 for significant regressions beyond the thresholds and names them', () => {
    const r = compare('shapes-old.txt', 'shapes-new.txt', '--fail-on-regression', 'B/op>5%,allocs/op>0,sec/op>10%');
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^heapwise: regression: Ties-4 \(example\.com\/shape\) B\/op 48\.00 -> 64\.00 \(\+33\.33%, p=0\.010\) exceeds B\/op>5%$/),
      expect.stringMatching(/^heapwise: regression: Ties-4 .* allocs\/op 1\.000 -> 2\.000 .* exceeds allocs\/op>0$/),
      expect.stringMatching(/^heapwise: regression: Other\/size=1k-4 .* sec\/op 925\.0n -> 1125\.0n \(\+21\.62%, p=0\.002\) exceeds sec\/op>10%$/),
      expect.stringMatching(/^heapwise: regression: Other\/size=1k-4 .* allocs\/op 4\.000 -> 5\.000 .* exceeds allocs\/op>0$/),
    ]);
    // Other's B/op rose 25% but benchstat says "~" (p=0.182): not a regression.
    expect(r.stderr).not.toMatch(/Other\S* \S+ B\/op/);
    // The comparison itself is still printed.
    expect(r.stdout).toMatch(/Ties-4/);
  });

  it('exits 0 when every significant change is within the thresholds', () => {
    const r = compare('shapes-old.txt', 'shapes-new.txt', '--fail-on-regression', 'B/op>50%,allocs/op>1,sec/op>30%');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('never fails on too few samples: one run each is never significant', () => {
    const r = compare('one-sample-old.txt', 'one-sample-new.txt', '--fail-on-regression', 'B/op>0,allocs/op>0');
    expect(r.status).toBe(0);
  });

  it('improvements are not regressions (the reverse comparison)', () => {
    const r = compare('shapes-new.txt', 'shapes-old.txt', '--fail-on-regression', 'B/op>5%,allocs/op>0');
    expect(r.status).toBe(0);
  });
});

describe('--format json', () => {
  it('has the issue shape, and agrees with the text output', () => {
    const r = compare('shapes-old.txt', 'shapes-new.txt', '--format', 'json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    const ties = j.benchmarks.find((b: { name: string; unit: string }) => b.name === 'Ties-4' && b.unit === 'B/op');
    expect(ties).toMatchObject({ old: { median: 48, n: 8 }, new: { median: 64, n: 8 }, significant: true, text: { delta: '+33.33%' } });
    expect(ties.deltaPercent).toBeCloseTo(33.333, 2);
    expect(ties.pValue).toBeGreaterThan(0.0095);
    expect(ties.pValue).toBeLessThan(0.0105);
    expect(ties.new.ciLow).toBeLessThanOrEqual(64);
    expect(ties.new.ciHigh).toBeGreaterThanOrEqual(64);
    const onlyOld = j.benchmarks.find((b: { name: string }) => b.name === 'OnlyOld-4');
    expect(onlyOld.new).toBeNull();
    expect(onlyOld.pValue).toBeNull();
    // allocs/op appears in two packages' tables: keys then carry the configuration.
    expect(Object.keys(j.geomean)).toContain('allocs/op goos=linux goarch=amd64 pkg=example.com/shape cpu=Test CPU');
    expect(j.geomean['allocs/op goos=linux goarch=amd64 pkg=example.com/shape cpu=Test CPU'].delta).toBe('+25.99%');
    expect(j.geomean['hits/op']).toMatchObject({ delta: '-17.92%' });
    const text = compare('shapes-old.txt', 'shapes-new.txt').stdout;
    for (const b of j.benchmarks) if (b.text.note) expect(text).toContain(b.text.note);
  });
});

describe('errors', () => {
  it('bad thresholds, missing files, nothing to compare; output files are not half-written', () => {
    expectOneLineError(compare('shapes-old.txt', 'shapes-new.txt', '--fail-on-regression', 'B/op>>5'), /--fail-on-regression: expected unit>N/);
    expectOneLineError(compare('missing.txt'), /^heapwise: missing\.txt: cannot read: ENOENT/);
    expectOneLineError(compare('--row', '/size,/poly', 'shapes-old.txt'), /--row: expected one key/);
    expectOneLineError(compare('--col', '.unit', 'shapes-old.txt'), /--col: expected one key/);
    const empty = path.join(tmp, 'empty.txt');
    writeFileSync(empty, 'PASS\nok  \texample.com/x\t0.1s\n');
    const out = path.join(tmp, 'out.txt');
    expectOneLineError(runCli(['bench', 'compare', empty, '-o', out]), /empty\.txt: no benchmark results/);
    expect(existsSync(out)).toBe(false);
    expectOneLineError(runCli(['bench', 'run', '--count', 'zero']), /--count must be a positive integer/);
  });

  it('bench run: a benchmark that does not compile or fails names the place; --out is not written', () => {
    const dir = path.join(tmp, 'broken');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'go.mod'), 'module example.com/broken\n\ngo 1.26\n');
    writeFileSync(path.join(dir, 'b_test.go'), 'package broken\n\nimport "testing"\n\nfunc BenchmarkB(b *testing.B) {\n\tfor b.Loop() {\n\t\tnope()\n\t}\n}\n');
    const out = path.join(tmp, 'broken.txt');
    const r = runCli(['bench', 'run', '-C', dir, '--count', '1', '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^heapwise: go test example\.com\/broken failed \(exit 1\): \.\/b_test\.go:7:3: undefined: nope$/m);
    expect(existsSync(out)).toBe(false);
    writeFileSync(path.join(dir, 'b_test.go'), 'package broken\n\nimport "testing"\n\nfunc BenchmarkB(b *testing.B) {\n\tb.Fatal("boom")\n}\n');
    expect(runCli(['bench', 'run', '-C', dir, '--count', '1']).stderr).toMatch(/failed \(exit 1\): b_test\.go:6: boom$/m);
  });

  it('malformed lines are reported with file:line and skipped', () => {
    const r = compare('malformed.txt');
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([
      'heapwise: malformed.txt:4: parsing iteration count: invalid syntax (line skipped)',
      'heapwise: malformed.txt:5: parsing measurement: invalid syntax (line skipped)',
      'heapwise: malformed.txt:6: missing units (line skipped)',
      'heapwise: malformed.txt:7: missing measurements (line skipped)',
      'heapwise: malformed.txt:8: expected key=value (line skipped)',
      'heapwise: malformed.txt:10: parsing measurement: value out of range (line skipped)',
      'heapwise: malformed.txt:11: parsing iteration count: value out of range (line skipped)',
    ]);
    expect(r.stdout).toMatch(/Good-8\s+12\.50n\s+± ∞/);
  });
});
