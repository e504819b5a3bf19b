// heapwise bench compare against benchstat itself: the pinned benchstat run on the same files
// (benchstat's golden files, hand-made files covering the corner cases, and real output of the
// example module's benchmarks produced by `heapwise bench run`). The text output must be byte
// for byte benchstat's: medians at benchstat's scale, ± ranges, deltas or "~", p-values, sample
// counts, geomeans, warnings, table order and layout. Medians are also compared unrounded
// against benchstat's CSV output.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBenchstat } from '../support/benchstat.js';
import { repoRoot, runCli } from '../support/cli.js';

const fixtures = path.join(repoRoot, 'test/fixtures/bench');
const golden = path.resolve(repoRoot, '../shared/testdata/benchstat');
const haveGolden = existsSync(path.join(golden, 'old.txt'));
if (!haveGolden) console.warn(`skipping benchstat golden-file tests: ${golden} is absent`);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'heapwise-bench-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let benchstat = '';
beforeAll(async () => {
  benchstat = (await ensureBenchstat()).path;
});

function spawnStderr(cmd: string, args: string[], cwd: string): string {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8' }).stderr;
}

function runBenchstat(args: string[], cwd: string): string {
  return execFileSync(benchstat, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** heapwise takes --col/--row/--ignore where benchstat takes -col/-row/-ignore. */
function heapwise(args: string[], cwd: string, extra: string[] = []): string {
  const r = runCli(['bench', 'compare', ...args.map((a) => (['-col', '-row', '-ignore', '-alpha'].includes(a) ? '-' + a : a)), ...extra], cwd);
  expect(r.stderr.split('\n').filter((l) => l && !/line skipped/.test(l))).toEqual([]);
  expect(r.status).toBe(0);
  return r.stdout;
}

/** Median of every (table, benchmark, column) in benchstat's CSV output, unrounded. */
function csvMedians(csv: string): Map<string, number> {
  const out = new Map<string, number>();
  let unit = '';
  let cols: string[] = [];
  const config = new Map<string, string>();
  for (const line of csv.split('\n')) {
    const f = line.split(',');
    if (f.length === 1) {
      const m = /^([^:]+): ?(.*)$/.exec(f[0]!);
      if (m) config.set(m[1]!, m[2]!);
      continue;
    }
    if (f[0] === '' && f[2] === 'CI') unit = f[1]!;
    else if (f[0] === '') cols = f;
    else if (f[0] !== 'geomean') {
      for (let i = 1; i < f.length; i++) {
        if (cols[i] && f[i] !== '' && !Number.isNaN(Number(f[i]))) out.set(`${configKey(config)} ${unit} ${f[0]} ${cols[i]}`, Number(f[i]));
      }
    }
  }
  return out;
}

function configKey(config: Map<string, string> | Record<string, string>): string {
  const entries = config instanceof Map ? [...config] : Object.entries(config);
  return JSON.stringify(entries.filter(([, v]) => v !== '').sort());
}

function expectSameAsBenchstat(args: string[], cwd: string) {
  expect(heapwise(args, cwd)).toBe(runBenchstat(args, cwd));
  if (args.some((a) => a.startsWith('-'))) return;
  const json = JSON.parse(heapwise(args, cwd, ['--format', 'json']));
  const want = csvMedians(runBenchstat(['-format', 'csv', ...args], cwd));
  let checked = 0;
  for (const b of json.benchmarks) {
    for (const [side, file] of [['old', args[0]], ['new', args[1]]] as const) {
      if (!b[side]) continue;
      const key = `${configKey(b.config)} ${b.unit} ${b.name} ${file}`;
      expect(b[side].median, key).toBe(want.get(key));
      checked++;
    }
  }
  // JSON holds the first two columns (old and new).
  expect(checked).toBe([...want.keys()].filter((k) => k.endsWith(` ${args[0]}`) || k.endsWith(` ${args[1]}`)).length);
}

describe.skipIf(!haveGolden)("benchstat's golden files", () => {
  it.each([
    ['crcIgnore', ['-ignore', 'note', 'crc-old.txt', 'crc-new.txt']],
    ['smallSample', ['-col', 'note', 'smallSample.txt']],
    ['zero', ['-col', 'note', 'zero.txt']],
  ])('%s', (name, args) => {
    expect(heapwise(args, golden)).toBe(readFileSync(path.join(golden, `${name}.stdout`), 'utf8'));
  });

  it('csvOldNew: medians unrounded, deltas and p-values', () => {
    const json = JSON.parse(heapwise(['old.txt', 'new.txt', '--format', 'json'], golden));
    const want = csvMedians(readFileSync(path.join(golden, 'csvOldNew.stdout'), 'utf8'));
    expect(want.size).toBe(4);
    for (const b of json.benchmarks) {
      expect(b.old.median).toBe(want.get(`${configKey(b.config)} ${b.unit} ${b.name} old.txt`));
      expect(b.new.median).toBe(want.get(`${configKey(b.config)} ${b.unit} ${b.name} new.txt`));
    }
    const csv = readFileSync(path.join(golden, 'csvOldNew.stdout'), 'utf8');
    for (const b of json.benchmarks) expect(csv).toContain(`${b.name},`);
    expect(json.benchmarks.map((b: { text: { delta: string; note: string } }) => `${b.text.delta},${b.text.note.slice(1, -1)}`)).toEqual(
      csv.split('\n').filter((l) => l.startsWith('Encode')).map((l) => l.split(',').slice(5).join(',')),
    );
  });

  it('the other golden inputs, against the pinned benchstat', () => {
    expectSameAsBenchstat(['old.txt', 'new.txt'], golden);
    expectSameAsBenchstat(['crc-old.txt', 'crc-new.txt'], golden);
  });

  it.each([
    [['-row', '/size', '-col', '/poly', 'crc-new.txt']],
    [['-col', '/poly', 'crc-new.txt']],
    [['-row', '.name', 'old.txt', 'new.txt']],
    [['-col', '.name', '-row', '/format', 'new.txt']],
    [['-col', '/gomaxprocs', 'crc-old.txt']],
    [['-row', '/align', 'crc-old.txt', 'crc-new.txt']],
    [['-row', 'goarch', '-col', 'note', 'crc-old.txt', 'crc-new.txt']],
    [['-alpha', '0.01', 'crc-old.txt', 'crc-new.txt']],
  ])('rows and columns by other keys: benchstat %j', (args) => expectSameAsBenchstat(args, golden));
});

describe('hand-made files, against the pinned benchstat', () => {
  it.each([
    ['one sample and two samples per side', ['one-sample-old.txt', 'one-sample-new.txt']],
    ['ties, identical runs, huge variance, custom units, missing benchmarks, two packages', ['shapes-old.txt', 'shapes-new.txt']],
    ['40 samples: normal approximations for the CI and the tied U test', ['many-old.txt', 'many-new.txt']],
    ['different benchmark sets', ['many-new.txt', 'shapes-new.txt']],
    ['a tie across samples (benchstat prints p=1.333 here)', ['tied-single.txt', 'tied-pair.txt']],
  ])('%s', (_, args) => expectSameAsBenchstat(args, fixtures));

  it('configuration blocks as columns, an exact unit', () => expectSameAsBenchstat(['-col', 'note', 'notes.txt'], fixtures));

  it('labelled inputs (label=path) and the same file twice (#0, #1)', () => {
    for (const args of [['before=one-sample-old.txt', 'after=one-sample-new.txt'], ['notes.txt', 'notes.txt']]) {
      expect(heapwise(args, fixtures)).toBe(runBenchstat(args, fixtures));
    }
  });

  it('three inputs, tables of different configurations', () => {
    expectSameAsBenchstat(['shapes-old.txt', 'shapes-new.txt', 'many-old.txt'], fixtures);
    expectSameAsBenchstat(['notes.txt', 'one-sample-new.txt', 'many-old.txt'], fixtures);
  });

  it('malformed lines: the same results, the same issues', () => {
    const r = runCli(['bench', 'compare', 'malformed.txt'], fixtures);
    const theirs = execFileSync(benchstat, ['malformed.txt'], { cwd: fixtures, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(r.stdout).toBe(theirs);
    const stderr = spawnStderr(benchstat, ['malformed.txt'], fixtures);
    expect(r.stderr.replace(/^heapwise: /gm, '').replace(/ \(line skipped\)$/gm, '')).toBe(stderr);
  });
});

describe('the example module, run by heapwise bench run', () => {
  const shop = path.join(repoRoot, 'examples/shopsvc');
  const runs: Record<string, string> = {};
  beforeAll(() => {
    for (const [name, count] of [['a6', 6], ['b10', 10], ['c6', 6]] as const) {
      const out = path.join(tmp, `${name}.txt`);
      const r = runCli(['bench', 'run', '-C', shop, './internal/...', '--count', String(count), '--benchtime', '5ms', '--out', out]);
      expect(r.stderr).toMatch(/heapwise bench: \[1\/\d+\] example\.com\/shopsvc\/internal\//);
      expect(r.status, r.stderr).toBe(0);
      runs[name] = out;
    }
  });

  it.each([
    ['-count 6 vs -count 6', 'a6', 'c6'],
    ['-count 6 vs -count 10', 'a6', 'b10'],
    ['-count 10 vs -count 6', 'b10', 'c6'],
  ])('%s', (_, a, b) => {
    const args = [path.basename(runs[a]!), path.basename(runs[b]!)];
    expect(readFileSync(runs[a]!, 'utf8')).toMatch(/^BenchmarkGetOrder-\d+\s+\d+\s+[\d.]+ ns\/op\s+\d+ B\/op\s+\d+ allocs\/op$/m);
    expectSameAsBenchstat(args, tmp);
  });
});
