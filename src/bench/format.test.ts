import { execFileSync } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBench } from './format.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');

describe('parseBench: the benchmark format', () => {
  it('reads configuration, results with any units, and tidies ns/op and MB/s', () => {
    const p = parseBench('goos: linux\npkg: a/b\nBenchmarkX/n=1-8 \t 100\t 12.5 ns/op\t 3 B/op\t 7.5 MB/s\t 2 widgets/op\n', 'f.txt');
    expect(p.issues).toEqual([]);
    expect(p.results).toHaveLength(1);
    const r = p.results[0]!;
    expect(r).toMatchObject({ file: 'f.txt', line: 3, name: 'X/n=1-8', iters: 100 });
    expect(r.config).toEqual([['.file', 'f.txt'], ['goos', 'linux'], ['pkg', 'a/b']]);
    expect(r.values.map((v) => [v.unit, v.origUnit, v.origValue])).toEqual([
      ['sec/op', 'ns/op', 12.5],
      ['B/op', 'B/op', 3],
      ['B/s', 'MB/s', 7.5],
      ['widgets/op', 'widgets/op', 2],
    ]);
    expect(r.values[0]!.value).toBe(12.5 * 1e-9);
    expect(r.values[2]!.value).toBe(7.5e6);
  });

  it('per-block configuration: later keys change, empty values delete', () => {
    const p = parseBench('note: a\nBenchmarkA 1 1 x\nnote: b\nBenchmarkA 1 2 x\nnote:\nBenchmarkA 1 3 x\n', 'n.txt');
    expect(p.results.map((r) => Object.fromEntries(r.config).note)).toEqual(['a', 'b', undefined]);
  });

  it('reports malformed lines with their line numbers and keeps the rest', () => {
    const p = parseBench('BenchmarkA 1 1 ns/op\nBenchmarkB x 1 ns/op\nBenchmarkC 1 1\nBenchmarkD 1\nBenchmarkE\nBenchmarkF 1 z ns/op\nUnit x k\n', 'm.txt');
    expect(p.results.map((r) => r.name)).toEqual(['A']);
    expect(p.issues).toEqual([
      { file: 'm.txt', line: 2, message: 'parsing iteration count: invalid syntax' },
      { file: 'm.txt', line: 3, message: 'missing units' },
      { file: 'm.txt', line: 4, message: 'missing measurements' },
      { file: 'm.txt', line: 6, message: 'parsing measurement: invalid syntax' },
      { file: 'm.txt', line: 7, message: 'expected key=value' },
    ]);
  });

  it('fuzz: never throws; every issue names a real line of the input', () => {
    const line = fc.oneof(
      fc.string(),
      fc.constantFrom('BenchmarkA-8 10 5 ns/op', 'goos: linux', 'Unit x assume=exact', 'Unit', 'Benchmark', 'Benchmark  ', 'key:', '{"Action":"output"}'),
      fc.tuple(fc.constantFrom('Benchmark', 'Unit ', 'k: '), fc.string(), fc.array(fc.oneof(fc.double(), fc.integer(), fc.string()), { maxLength: 5 })).map(
        ([a, b, c]) => `${a}${b} ${c.join(' ')}`,
      ),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const text = lines.join('\n');
        const p = parseBench(text, 'fuzz.txt');
        const n = text.split('\n').length;
        for (const i of p.issues) {
          expect(i.file).toBe('fuzz.txt');
          expect(i.line).toBeGreaterThanOrEqual(1);
          expect(i.line).toBeLessThanOrEqual(n);
        }
        for (const r of p.results) expect(r.values.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseBench: go test -json', () => {
  it('joins names and measurements that arrive in separate events (real go test -json output)', () => {
    const dir = path.join(repoRoot, 'examples/shopsvc');
    const json = execFileSync('go', ['test', '-json', '-run=^$', '-bench=.', '-benchmem', '-count=2', '-benchtime=2ms', './internal/metrics'], { cwd: dir, encoding: 'utf8' });
    // The same output as plain text: the Output fields in order.
    const plain = json
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { Action: string; Output?: string })
      .filter((e) => e.Action === 'output')
      .map((e) => e.Output)
      .join('');
    const fromJson = parseBench(json, 'run.json');
    const fromPlain = parseBench(plain, 'run.txt', 'run.json');
    expect(fromJson.issues).toEqual([]);
    expect(fromJson.results.length).toBeGreaterThan(0);
    const strip = (p: typeof fromJson) => p.results.map((r) => ({ name: r.name, iters: r.iters, config: r.config, values: r.values }));
    expect(strip(fromJson)).toEqual(strip(fromPlain));
    // go test sometimes writes "BenchmarkX-2 \t" and the numbers as two events (depending on
    // timing): split every result line of this run that way, and the results must not change.
    const split = json
      .split('\n')
      .filter(Boolean)
      .flatMap((l) => {
        const e = JSON.parse(l) as { Action: string; Output?: string };
        const m = e.Action === 'output' ? /^(Benchmark\S+\s+\t)(.+\n)$/s.exec(e.Output ?? '') : null;
        if (!m) return [l];
        return [JSON.stringify({ ...e, Output: m[1] }), JSON.stringify({ ...e, Output: m[2] })];
      })
      .join('\n');
    expect(split).toMatch(/"Output":"Benchmark\S+\s+\\t"/);
    expect(strip(parseBench(split, 'run.json'))).toEqual(strip(fromPlain));
  });
});
