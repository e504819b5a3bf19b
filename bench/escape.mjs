#!/usr/bin/env node
// Benchmark: `heapwise escapes` against the compile it cannot avoid, on examples/shopsvc and on
// a few standard-library packages compiled as if they were the module.
//
//   npm run build && node bench/escape.mjs        (BENCH_RUNS=5 for more runs; default 3;
//                                                  BENCH_TARGET=shopsvc for the targets whose name has it;
//                                                  BENCH_MODULE=/path/to/module adds that module's ./...)
//
// Go build cache state for both, each run: the standard library cached, the analysed packages
// not. A template GOCACHE is filled once by a plain `go build` of the packages (their -m=2
// compiles are other actions, so they stay uncached) and copied before every measured run.
//   baseline:        go build -o /dev/null -gcflags=<pkg>=-m=2 ... <pkgs>
//   heapwise cold:   heapwise escapes (its own cache empty): one go build with -m=2 and -json,
//                    plus go env, go list, parsing, joining and explaining
//   heapwise warm:   heapwise escapes again (its cache filled): no compile at all
//   its own compile: go list -export -gcflags='<pkg>=-m=2 -json=0,DIR' alone, the command heapwise
//                    runs (no link, unlike go build of main packages), for what parsing, joining
//                    and the rest add over it; and the same without -json, for what -json costs
// Target printed beside the figures: heapwise cold at most 15% over the baseline. A missed
// target prints MISSED. Results: a table on stdout and bench/results/escape.json.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(REPO, 'dist', 'cli', 'main.js');
const RESULTS = path.join(REPO, 'bench', 'results', 'escape.json');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const TARGET = 0.15;

const allTargets = [
  { name: 'examples/shopsvc', dir: path.join(REPO, 'examples/shopsvc'), patterns: ['./...'] },
  // --all: the standard library's files are outside the module heapwise runs in.
  { name: 'std: strconv bufio encoding/json net/url', dir: path.join(REPO, 'test/fixtures/escape'), patterns: ['--all', 'strconv', 'bufio', 'encoding/json', 'net/url'] },
];
if (process.env.BENCH_MODULE) allTargets.push({ name: path.basename(process.env.BENCH_MODULE), dir: path.resolve(process.env.BENCH_MODULE), patterns: ['./...'] });
const targets = allTargets.filter((t) => !process.env.BENCH_TARGET || t.name.includes(process.env.BENCH_TARGET));

function run(cmd, args, cwd, env) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${(r.stderr || '').split('\n')[0]}`);
  return { ms, stdout: r.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const scratch = mkdtempSync(path.join(os.tmpdir(), 'heapwise-bench-escape-'));
const rows = [];
let missed = false;
try {
  for (const t of targets) {
    const importPaths = run('go', ['list', '--', ...t.patterns.filter((p) => !p.startsWith('-'))], t.dir).stdout.trim().split('\n');
    const template = path.join(scratch, 'gocache-template');
    rmSync(template, { recursive: true, force: true });
    run('go', ['build', '-o', os.devNull, '--', ...importPaths], t.dir, { GOCACHE: template });
    const fresh = (tag) => {
      const dir = path.join(scratch, `gocache-${tag}`);
      rmSync(dir, { recursive: true, force: true });
      cpSync(template, dir, { recursive: true });
      return dir;
    };
    const base = [];
    const own = [];
    const noJson = [];
    const cold = [];
    const warm = [];
    let escapes = 0;
    for (let i = 0; i < RUNS; i++) {
      const gcflags = importPaths.map((p) => `-gcflags=${p}=-m=2`);
      base.push(run('go', ['build', '-o', os.devNull, ...gcflags, '--', ...importPaths], t.dir, { GOCACHE: fresh('base') }).ms);
      const jsonDir = mkdtempSync(path.join(scratch, 'json-'));
      const ownFlags = importPaths.map((p) => `-gcflags=${p}=-m=2 -json=0,${jsonDir}`);
      own.push(run('go', ['list', '-export', '-f', '{{""}}', ...ownFlags, '--', ...importPaths], t.dir, { GOCACHE: fresh('own') }).ms);
      noJson.push(run('go', ['list', '-export', '-f', '{{""}}', ...gcflags, '--', ...importPaths], t.dir, { GOCACHE: fresh('nojson') }).ms);
      const hwCache = path.join(scratch, `hw-${i}`);
      const env = { GOCACHE: fresh('hw'), HEAPWISE_CACHE: hwCache };
      const c = run(process.execPath, [CLI, 'escapes', '-C', t.dir, '--format', 'json', ...t.patterns], REPO, env);
      cold.push(c.ms);
      escapes = JSON.parse(c.stdout).escapes.length;
      const w = run(process.execPath, [CLI, 'escapes', '-C', t.dir, '--format', 'json', ...t.patterns], REPO, env);
      const compiled = JSON.parse(w.stdout).stats.compiled;
      if (compiled !== 0) throw new Error(`warm run compiled ${compiled} packages`);
      warm.push(w.ms);
    }
    const row = {
      target: t.name,
      packages: importPaths.length,
      escapes,
      baselineMs: Math.round(median(base)),
      ownCompileMs: Math.round(median(own)),
      ownCompileNoJsonMs: Math.round(median(noJson)),
      heapwiseColdMs: Math.round(median(cold)),
      heapwiseWarmMs: Math.round(median(warm)),
    };
    row.overhead = row.heapwiseColdMs / row.baselineMs - 1;
    row.met = row.overhead <= TARGET;
    missed ||= !row.met;
    rows.push(row);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

console.log(`heapwise escapes, median of ${RUNS} runs (Go build cache: standard library cached, analysed packages not)`);
for (const r of rows) {
  console.log(`\n${r.target} (${r.packages} packages, ${r.escapes} heap decisions)`);
  console.log(`  go build -gcflags=-m=2     ${String(r.baselineMs).padStart(6)} ms`);
  console.log(`  its compile, alone         ${String(r.ownCompileMs).padStart(6)} ms  go list -export -gcflags=-m=2 -json (no link)`);
  console.log(`  the same without -json     ${String(r.ownCompileNoJsonMs).padStart(6)} ms  -json costs ${((r.ownCompileMs / r.ownCompileNoJsonMs - 1) * 100).toFixed(0)}%`);
  console.log(`  heapwise escapes (cold)    ${String(r.heapwiseColdMs).padStart(6)} ms  ${(r.overhead * 100).toFixed(0)}% over the compile (target <= ${TARGET * 100}%: ${r.met ? 'met' : 'MISSED'}); ${((r.heapwiseColdMs / r.ownCompileMs - 1) * 100).toFixed(0)}% over its own`);
  console.log(`  heapwise escapes (warm)    ${String(r.heapwiseWarmMs).padStart(6)} ms  no compile`);
}
mkdirSync(path.dirname(RESULTS), { recursive: true });
writeFileSync(RESULTS, `${JSON.stringify({ date: new Date().toISOString(), runs: RUNS, rows }, null, 2)}\n`);
if (missed) process.exitCode = 0; // a missed target is reported, not a failure
