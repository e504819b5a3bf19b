#!/usr/bin/env node
// Benchmark: `heapwise profile <file> top` vs `go tool pprof -top`, side by side on the same
// allocation profile of at least 2 MB, generated here by test/fixtures/profile/allocs (every
// allocation recorded, deep stacks, ~10^5 samples).
//
//   npm run build && node bench/profile.mjs
//   BENCH_RUNS=5 BENCH_ITERATIONS=600000 BENCH_DEPTH=15 node bench/profile.mjs
//
// Each tool runs once to warm up (the first `go tool pprof` also builds the tool), then
// BENCH_RUNS times (default 3), alternating. Reported: median wall time of each, the ratio, and
// the target (heapwise at most 0.5x pprof's time). The two outputs are compared too (same rows),
// so a fast wrong answer does not pass. Results: stdout and bench/results/profile.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(REPO, 'dist', 'cli', 'main.js');
const FIXTURE = path.join(REPO, 'test', 'fixtures', 'profile', 'allocs');
const RESULTS = path.join(REPO, 'bench', 'results', 'profile.json');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 600000);
const DEPTH = Number(process.env.BENCH_DEPTH ?? 15);
const TARGET_RATIO = 0.5;
const MIN_BYTES = 2 * 1024 * 1024;
const GO = process.env.HEAPWISE_GO || 'go';

function fail(msg) {
  console.error(`bench: ${msg}`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) fail(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} exited with ${r.status}: ${r.stderr.split('\n')[0]}`);
  return { ms, stdout: r.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Rows of a -top report, inline labels dropped (heapwise does not print them). */
function rows(text) {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith('Showing nodes'));
  return lines.slice(at).map((l) => l.replace(/ \((partial-)?inline\)$/, '')).join('\n').trim();
}

if (!existsSync(CLI)) fail('dist/cli/main.js is missing: run `npm run build` first');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'heapwise-bench-profile-'));
try {
  const bin = path.join(tmp, 'allocs');
  run(GO, ['build', '-o', bin, '.'], { cwd: FIXTURE, env: { ...process.env, GOFLAGS: '-buildvcs=false', GOWORK: 'off' } });
  const file = path.join(tmp, 'allocs.pb.gz');
  console.log(`generating an allocation profile (${ITERATIONS} allocations, stacks ${DEPTH} deep)...`);
  run(bin, [file, String(ITERATIONS), String(DEPTH), 'allocs']);
  const bytes = statSync(file).size;
  if (bytes < MIN_BYTES) fail(`the profile is ${bytes} bytes, below 2 MB: raise BENCH_ITERATIONS or BENCH_DEPTH`);

  const hwArgs = [CLI, 'profile', file, 'top', '--top', '20', '--sample', 'alloc_space'];
  const ppArgs = ['tool', 'pprof', '-top', '-nodecount=20', '-sample_index=alloc_space', file];
  const ppEnv = { ...process.env, PPROF_TMPDIR: tmp };
  // Warm-up: builds go tool pprof, fills the page cache.
  const hwOut = run(process.execPath, hwArgs).stdout;
  const ppOut = run(GO, ppArgs, { env: ppEnv }).stdout;
  const agree = rows(hwOut) === rows(ppOut);
  const hw = [];
  const pp = [];
  for (let i = 0; i < RUNS; i++) {
    hw.push(run(process.execPath, hwArgs).ms);
    pp.push(run(GO, ppArgs, { env: ppEnv }).ms);
  }
  const result = {
    profileBytes: bytes,
    runs: RUNS,
    heapwiseMs: Math.round(median(hw)),
    pprofMs: Math.round(median(pp)),
    ratio: Number((median(hw) / median(pp)).toFixed(3)),
    target: TARGET_RATIO,
    sameRows: agree,
    heapwiseAllMs: hw.map(Math.round),
    pprofAllMs: pp.map(Math.round),
  };
  const mb = (bytes / 1048576).toFixed(2);
  console.log(`profile: ${mb} MB gzipped (alloc_space, top 20), ${RUNS} runs each, median wall time`);
  console.log(`  heapwise profile top   ${String(result.heapwiseMs).padStart(6)} ms`);
  console.log(`  go tool pprof -top     ${String(result.pprofMs).padStart(6)} ms`);
  console.log(`  ratio ${result.ratio}x (target <= ${TARGET_RATIO}x): ${result.ratio <= TARGET_RATIO ? 'met' : 'MISSED'}`);
  console.log(`  same rows as pprof: ${agree ? 'yes' : 'NO'}`);
  mkdirSync(path.dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, JSON.stringify(result, null, 2) + '\n');
  if (!agree) process.exitCode = 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
