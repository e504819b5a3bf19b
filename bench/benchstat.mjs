#!/usr/bin/env node
// Benchmark: `heapwise bench compare` vs benchstat, side by side, on (a) benchstat's own crc
// golden files (if ../shared/testdata/benchstat exists) and (b) a generated pair of files with
// 2000 benchmarks x 3 units x 10 runs each side (60,000 values per file).
//
//   npm run build && node bench/benchstat.mjs        (BENCH_RUNS=5 for more runs)
//
// For each input: one warm-up run each, then BENCH_RUNS measured runs (default 3), alternating.
// Prints median wall time per tool, the ratio, and whether the outputs are byte-identical.
// Targets printed beside the figures: on the large input, heapwise no more than 3x benchstat's
// time; on the small one, under 250 ms in all (Node start-up and loading the CLI dominate: a Go
// binary starts in ~5 ms). Results also go to bench/results/benchstat.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(REPO, 'dist', 'cli', 'main.js');
const TOOLS_DIR = path.join(REPO, 'node_modules', '.cache', 'heapwise-tools');
const RESULTS = path.join(REPO, 'bench', 'results', 'benchstat.json');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const TARGET_RATIO = 3;
const SMALL_TARGET_MS = 250;

function pinned() {
  const src = readFileSync(path.join(REPO, 'test', 'support', 'benchstat.ts'), 'utf8');
  return /BENCHSTAT_VERSION = '([^']+)'/.exec(src)[1];
}

function benchstatBinary() {
  const bin = path.join(TOOLS_DIR, 'benchstat');
  if (existsSync(bin)) return bin;
  mkdirSync(TOOLS_DIR, { recursive: true });
  const r = spawnSync('go', ['install', `golang.org/x/perf/cmd/benchstat@${pinned()}`], {
    env: { ...process.env, GOBIN: TOOLS_DIR, GOFLAGS: '-buildvcs=false', CGO_ENABLED: '0' },
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('go install benchstat failed');
  return bin;
}

function generate(dir) {
  // A deterministic generator (no Math.random) so runs are comparable.
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (const [name, shift] of [['gen-old.txt', 1], ['gen-new.txt', 1.03]]) {
    const lines = ['goos: linux', 'goarch: amd64', 'pkg: example.com/gen', 'cpu: Bench CPU'];
    for (let b = 0; b < 2000; b++) {
      for (let i = 0; i < 10; i++) {
        const ns = (100 + b) * shift * (1 + rnd() * 0.05);
        lines.push(`BenchmarkGen/case=${b}-8 \t 100000\t ${ns.toFixed(1)} ns/op\t ${64 + (b % 7) * 16} B/op\t ${1 + (b % 5)} allocs/op`);
      }
    }
    writeFileSync(path.join(dir, name), lines.join('\n') + '\n');
  }
  return ['gen-old.txt', 'gen-new.txt'];
}

function time(cmd, args, cwd) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, out: r.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const bs = benchstatBinary();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'heapwise-bench-benchstat-'));
const targets = [];
const golden = path.resolve(REPO, '../shared/testdata/benchstat');
if (existsSync(path.join(golden, 'crc-old.txt'))) targets.push({ name: 'crc golden files', cwd: golden, files: ['crc-old.txt', 'crc-new.txt'], small: true });
targets.push({ name: 'generated: 2000 benchmarks x 3 units x 10 runs', cwd: tmp, files: generate(tmp), small: false });

const results = [];
try {
  for (const t of targets) {
    const hw = [];
    const ref = [];
    let same = true;
    time(process.execPath, [CLI, 'bench', 'compare', ...t.files], t.cwd);
    time(bs, t.files, t.cwd);
    for (let i = 0; i < RUNS; i++) {
      const a = time(process.execPath, [CLI, 'bench', 'compare', ...t.files], t.cwd);
      const b = time(bs, t.files, t.cwd);
      hw.push(a.ms);
      ref.push(b.ms);
      same &&= a.out === b.out;
    }
    const r = { target: t.name, heapwiseMs: median(hw), benchstatMs: median(ref), identicalOutput: same };
    r.ratio = r.heapwiseMs / r.benchstatMs;
    results.push(r);
    const target = t.small
      ? `target < ${SMALL_TARGET_MS} ms: ${r.heapwiseMs < SMALL_TARGET_MS ? 'met' : 'MISSED'}`
      : `target <= ${TARGET_RATIO}x: ${r.ratio <= TARGET_RATIO ? 'met' : 'MISSED'}`;
    console.log(
      `${t.name}: heapwise ${r.heapwiseMs.toFixed(0)} ms, benchstat ${r.benchstatMs.toFixed(0)} ms, ratio ${r.ratio.toFixed(2)}x ` +
        `(${target}); output ${same ? 'identical' : 'DIFFERS'}`,
    );
  }
  mkdirSync(path.dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, JSON.stringify({ runs: RUNS, results }, null, 2) + '\n');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
