#!/usr/bin/env node
// Benchmark: heapwise `struct-padding` vs golang.org/x/tools fieldalignment, side by side in the
// same run, on (a) the whole standard library (GOROOT/src, ./...) and (b) examples/shopsvc.
//
//   npm run bench            (builds first: prebench runs `npm run build`)
//   BENCH_RUNS=5 BENCH_WARMUP=1 node bench/struct-padding.mjs
//
// For each target and tool: one warm-up run (fills the Go build cache, the OS page cache and
// heapwise's caches), then BENCH_RUNS measured runs (default 3), the two tools alternating.
// Reported per tool: median wall time, peak RSS, CPU time (user+sys, including child processes
// such as `go list`), and the number of findings. Peak RSS comes from GNU time's %M (the largest
// resident set of the process or any one of its waited-for children), else from polling
// VmHWM in /proc for the process tree. Targets printed beside the figures: heapwise at least 2x
// faster than fieldalignment, heapwise peak RSS under 1 GB. A missed target prints MISSED; the
// exit status is non-zero only when a tool fails to run.
//
// Results: a table on stdout and bench/results/struct-padding.json.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(REPO, 'dist', 'cli', 'main.js');
const TOOLS_DIR = path.join(REPO, 'node_modules', '.cache', 'heapwise-tools');
const RESULTS = path.join(REPO, 'bench', 'results', 'struct-padding.json');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const WARMUP = Math.max(0, Number(process.env.BENCH_WARMUP ?? 1));
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 15 * 60_000);
const SPEED_TARGET = 2; // heapwise at least this many times faster
const RSS_TARGET_BYTES = 1e9; // heapwise peak RSS below 1 GB

// The pinned x/tools version lives in test/support/tools.ts (the oracle tests use the same tool).
function pinnedToolsVersion() {
  const src = readFileSync(path.join(REPO, 'test', 'support', 'tools.ts'), 'utf8');
  const m = /export const X_TOOLS_VERSION = '([^']+)'/.exec(src);
  if (!m) throw new Error('cannot find X_TOOLS_VERSION in test/support/tools.ts');
  return m[1];
}

function fail(msg) {
  console.error(`bench: ${msg}`);
  process.exit(1);
}

function goBin() {
  if (process.env.HEAPWISE_GO) return process.env.HEAPWISE_GO;
  const r = spawnSync('sh', ['-c', 'command -v go'], { encoding: 'utf8' });
  if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  if (existsSync('/usr/local/go/bin/go')) return '/usr/local/go/bin/go';
  fail('the Go toolchain was not found: set HEAPWISE_GO or put go on PATH');
}

const GO = goBin();
const hostEnv = { ...process.env };
delete hostEnv.GOARCH;
delete hostEnv.GOOS;

function goEnv(key) {
  const r = spawnSync(GO, ['env', key], { encoding: 'utf8', env: hostEnv });
  if (r.status !== 0) fail(`go env ${key} failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** fieldalignment at the pinned version, in the same cache dir the oracle tests use. */
function ensureFieldalignment(version) {
  const bin = path.join(TOOLS_DIR, 'fieldalignment');
  const goVersion = goEnv('GOVERSION');
  if (existsSync(bin)) {
    const r = spawnSync(GO, ['version', '-m', bin], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.includes(`: ${goVersion}\n`) && new RegExp(`\\smod\\s+golang.org/x/tools\\s+${version.replace(/\./g, '\\.')}\\s`).test(r.stdout)) {
      return bin;
    }
  }
  mkdirSync(TOOLS_DIR, { recursive: true });
  const gobin = mkdtempSync(path.join(TOOLS_DIR, '.install-fieldalignment-'));
  const pkg = `golang.org/x/tools/go/analysis/passes/fieldalignment/cmd/fieldalignment@${version}`;
  console.log(`installing ${pkg} …`);
  const r = spawnSync(GO, ['install', pkg], {
    encoding: 'utf8',
    cwd: gobin,
    env: { ...hostEnv, GOBIN: gobin, GOWORK: 'off', CGO_ENABLED: '0' },
  });
  if (r.status !== 0) {
    rmSync(gobin, { recursive: true, force: true });
    fail(`go install ${pkg} failed:\n${r.stderr}`);
  }
  renameSync(path.join(gobin, 'fieldalignment'), bin);
  rmSync(gobin, { recursive: true, force: true });
  return bin;
}

/** GNU time with -f/-o, if present. */
function gnuTime() {
  for (const t of ['/usr/bin/time']) {
    if (!existsSync(t)) continue;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-time-'));
    const out = path.join(dir, 't');
    const r = spawnSync(t, ['-o', out, '-f', '%M %U %S', 'true'], { encoding: 'utf8' });
    const ok = r.status === 0 && existsSync(out) && /^\d+ [\d.]+ [\d.]+\s*$/.test(readFileSync(out, 'utf8'));
    rmSync(dir, { recursive: true, force: true });
    if (ok) return t;
  }
  return undefined;
}

// --- /proc polling fallback -----------------------------------------------------------------

function procChildren(pid) {
  const kids = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) kids.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return kids;
}

function vmHWMkB(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

// --- one measured run ---------------------------------------------------------------------------

const TIME = gnuTime();
const scratch = mkdtempSync(path.join(os.tmpdir(), 'heapwise-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
let seq = 0;

/**
 * Runs cmd; returns wall/cpu/rss and the paths of its stdout/stderr files.
 * CPU time and RSS include the children the command waits for (go list, compilers).
 */
function measure(cmd, args, cwd, env) {
  const n = ++seq;
  const stdoutPath = path.join(scratch, `${n}.out`);
  const stderrPath = path.join(scratch, `${n}.err`);
  const timePath = path.join(scratch, `${n}.time`);
  const outFd = openSync(stdoutPath, 'w');
  const errFd = openSync(stderrPath, 'w');
  let argv;
  if (TIME) argv = [TIME, '-o', timePath, '-f', '%M %U %S', cmd, ...args];
  else argv = ['bash', '-c', 'cmd="$1"; shift; "$cmd" "$@"; st=$?; times >&3; exit $st', 'bash', cmd, ...args];
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const stdio = ['ignore', outFd, errFd];
    let timesPath;
    if (!TIME) {
      timesPath = path.join(scratch, `${n}.times`);
      stdio.push(openSync(timesPath, 'w'));
    }
    const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio, detached: true });
    let peakKB = 0;
    let poll;
    if (!TIME) {
      // VmHWM of every process in the tree, polled.
      poll = setInterval(() => {
        const stack = [child.pid];
        while (stack.length) {
          const p = stack.pop();
          peakKB = Math.max(peakKB, vmHWMkB(p));
          stack.push(...procChildren(p));
        }
      }, 50);
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, TIMEOUT_MS);
    child.on('close', (code, signal) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      closeSync(outFd);
      closeSync(errFd);
      let rssKB = peakKB;
      let userS = NaN;
      let sysS = NaN;
      if (TIME && existsSync(timePath)) {
        // GNU time prints "Command exited with non-zero status N" before the format line.
        const line = readFileSync(timePath, 'utf8').trim().split('\n').pop() ?? '';
        const m = /^(\d+) ([\d.]+) ([\d.]+)$/.exec(line);
        if (m) [rssKB, userS, sysS] = [Number(m[1]), Number(m[2]), Number(m[3])];
      } else if (timesPath && existsSync(timesPath)) {
        // bash `times`: second line = children's user and system time, e.g. "0m2.650s 0m0.580s"
        const lines = readFileSync(timesPath, 'utf8').trim().split('\n');
        const sec = (s) => {
          const m = /(\d+)m([\d.]+)s/.exec(s);
          return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
        };
        const parts = (lines[1] ?? '').trim().split(/\s+/);
        userS = sec(parts[0] ?? '');
        sysS = sec(parts[1] ?? '');
      }
      resolve({ code, signal, wallMs, cpuMs: (userS + sysS) * 1000, userMs: userS * 1000, sysMs: sysS * 1000, rssBytes: rssKB * 1024, stdoutPath, stderrPath });
    });
  });
}

// --- the two tools -----------------------------------------------------------------------------

function heapwiseTool(name = 'heapwise', env = {}, select = ['--only', 'struct-padding']) {
  return {
    name,
    env,
    command: (t) => [process.execPath, [CLI, 'analyze', ...t.patterns, '-C', t.dir, ...select, '--format', 'json']],
    cwd: () => REPO,
    /** Findings, or throws with the reason the run failed. */
    check(run) {
      const text = readFileSync(run.stdoutPath, 'utf8');
      let report;
      try {
        report = JSON.parse(text);
      } catch {
        throw new Error(`heapwise exited ${run.code}${run.signal ? ` (${run.signal})` : ''} without a JSON report:\n${tailFile(run.stderrPath)}`);
      }
      if (run.code !== 0) throw new Error(`heapwise exited ${run.code}:\n${tailFile(run.stderrPath)}`);
      return { findings: report.findings.length, structs: report.structs?.length };
    },
  };
}

function fieldalignmentTool(bin) {
  return {
    name: 'fieldalignment',
    command: (t) => [bin, ['-test=false', ...t.patterns]],
    cwd: (t) => t.dir,
    check(run) {
      // Text mode: diagnostics on stderr, exit 3 when there are some, 0 when none, 1 on errors.
      if (run.code !== 0 && run.code !== 3) throw new Error(`fieldalignment exited ${run.code}${run.signal ? ` (${run.signal})` : ''}:\n${tailFile(run.stderrPath)}`);
      const lines = readFileSync(run.stderrPath, 'utf8').split('\n');
      return { findings: lines.filter((l) => /^.+:\d+:\d+: /.test(l)).length };
    },
  };
}

function tailFile(p, n = 15) {
  try {
    return readFileSync(p, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

const median = (xs) => {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const fmtS = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'n/a');
const fmtMB = (b) => (Number.isFinite(b) && b > 0 ? `${(b / 1e6).toFixed(0)} MB` : 'n/a');
const fmtX = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : 'n/a');

function table(header, rows) {
  const all = [header, ...rows];
  const w = header.map((_, i) => Math.max(...all.map((r) => String(r[i] ?? '').length)));
  const line = (r) => r.map((c, i) => (i < 2 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('  ');
  return [line(header), w.map((x) => '-'.repeat(x)).join('  '), ...rows.map(line)].join('\n');
}

// --- main ----------------------------------------------------------------------------------------

async function main() {
  if (!existsSync(CLI)) fail(`${path.relative(REPO, CLI)} is missing: run \`npm run build\` first (npm run bench does)`);
  const version = pinnedToolsVersion();
  const faBin = ensureFieldalignment(version);
  const goroot = goEnv('GOROOT');
  const goVersion = goEnv('GOVERSION');
  const targets = [
    { id: 'std', label: 'standard library (GOROOT/src ./...)', dir: path.join(goroot, 'src'), patterns: ['./...'] },
    { id: 'shopsvc', label: 'examples/shopsvc (./...)', dir: path.join(REPO, 'examples', 'shopsvc'), patterns: ['./...'] },
  ];
  // heapwise caches extracted declarations by file content (like Go's build cache, which
  // fieldalignment's warm runs use); "heapwise (no cache)" shows the cost without it.
  // The whole catalog suite (all analyzers but the compiler's escape facts, which need a build of
  // the tree) against fieldalignment alone: issue 5's target. Its findings are cached like
  // `go vet`'s verdicts; the "no cache" row shows a first run over unseen code.
  const tools = [
    heapwiseTool(),
    heapwiseTool('heapwise (no cache)', { HEAPWISE_CACHE: 'off' }),
    heapwiseTool('heapwise (all analyzers)', {}, ['--disable', 'escape']),
    heapwiseTool('heapwise (all analyzers, no cache)', { HEAPWISE_CACHE: 'off' }, ['--disable', 'escape']),
    fieldalignmentTool(faBin),
  ];
  console.log(
    `struct-padding benchmark: ${goVersion}, fieldalignment ${version}, node ${process.version}, ${os.cpus().length} CPUs, ` +
      `${WARMUP} warm-up + ${RUNS} measured runs each; RSS via ${TIME ? `${TIME} %M` : '/proc VmHWM polling'}`,
  );
  const results = [];
  const failures = [];
  for (const t of targets) {
    if (!existsSync(t.dir)) {
      failures.push(`${t.id}: ${t.dir} does not exist`);
      continue;
    }
    const per = Object.fromEntries(tools.map((tool) => [tool.name, { runs: [], findings: undefined, structs: undefined, error: undefined }]));
    const once = async (tool, measured) => {
      const r = per[tool.name];
      if (r.error) return;
      const [cmd, args] = tool.command(t);
      process.stdout.write(`  ${t.id}: ${tool.name} ${measured ? 'run' : 'warm-up'} … `);
      const run = await measure(cmd, args, tool.cwd(t), { ...hostEnv, ...(tool.env ?? {}) });
      try {
        const c = tool.check(run);
        r.findings = c.findings;
        if (c.structs !== undefined) r.structs = c.structs;
        if (measured) r.runs.push({ wallMs: run.wallMs, cpuMs: run.cpuMs, userMs: run.userMs, sysMs: run.sysMs, rssBytes: run.rssBytes });
        console.log(`${fmtS(run.wallMs)}, ${fmtMB(run.rssBytes)}, ${c.findings} findings`);
      } catch (e) {
        r.error = e.message;
        console.log('FAILED');
        failures.push(`${t.id}: ${e.message}`);
      }
    };
    for (let i = 0; i < WARMUP; i++) for (const tool of tools) await once(tool, false);
    for (let i = 0; i < RUNS; i++) {
      // Alternate which tool goes first, so neither always runs right after the other.
      const order = i % 2 === 0 ? tools : [...tools].reverse();
      for (const tool of order) await once(tool, true);
    }
    const summary = {};
    for (const tool of tools) {
      const r = per[tool.name];
      summary[tool.name] = {
        ok: !r.error,
        error: r.error,
        findings: r.findings,
        structs: r.structs,
        medianWallMs: median(r.runs.map((x) => x.wallMs)),
        medianCpuMs: median(r.runs.map((x) => x.cpuMs)),
        peakRssBytes: Math.max(0, ...r.runs.map((x) => x.rssBytes).filter(Number.isFinite)),
        medianRssBytes: median(r.runs.map((x) => x.rssBytes)),
        runs: r.runs,
      };
    }
    const h = summary.heapwise;
    const f = summary.fieldalignment;
    const speedup = f.medianWallMs / h.medianWallMs;
    const rssRatio = f.peakRssBytes / h.peakRssBytes;
    results.push({
      target: t.id,
      label: t.label,
      dir: t.dir,
      tools: summary,
      ratios: { wall: speedup, cpu: f.medianCpuMs / h.medianCpuMs, rss: rssRatio },
      targets: {
        speed: { want: `heapwise >= ${SPEED_TARGET}x faster`, value: speedup, met: speedup >= SPEED_TARGET },
        rss: { want: 'heapwise peak RSS < 1 GB', value: h.peakRssBytes, met: h.peakRssBytes > 0 && h.peakRssBytes < RSS_TARGET_BYTES },
      },
    });
  }

  // Report.
  const rows = [];
  for (const r of results) {
    for (const name of ['heapwise', 'heapwise (no cache)', 'heapwise (all analyzers)', 'heapwise (all analyzers, no cache)', 'fieldalignment']) {
      const s = r.tools[name];
      rows.push([
        r.target,
        name,
        s.ok ? fmtS(s.medianWallMs) : 'FAILED',
        s.ok ? fmtS(s.medianCpuMs) : '',
        s.ok ? fmtMB(s.peakRssBytes) : '',
        s.ok ? String(s.findings) : '',
      ]);
    }
    const sp = r.targets.speed;
    const rs = r.targets.rss;
    rows.push([
      r.target,
      'fieldalignment / heapwise',
      fmtX(r.ratios.wall),
      fmtX(r.ratios.cpu),
      fmtX(r.ratios.rss),
      '',
    ]);
    for (const variant of ['heapwise (no cache)', 'heapwise (all analyzers)', 'heapwise (all analyzers, no cache)']) {
      const v = r.tools[variant];
      if (v?.ok) rows.push([r.target, `fieldalignment / ${variant}`, fmtX(r.tools.fieldalignment.medianWallMs / v.medianWallMs), fmtX(r.tools.fieldalignment.medianCpuMs / v.medianCpuMs), '', '']);
    }
    rows.push([r.target, `target: >= ${SPEED_TARGET}x faster`, Number.isFinite(sp.value) ? (sp.met ? 'MET' : 'MISSED') : 'n/a', '', '', '']);
    const all = r.tools['heapwise (all analyzers)'];
    if (all?.ok) {
      const x = r.tools.fieldalignment.medianWallMs / all.medianWallMs;
      rows.push([r.target, `target: all analyzers >= ${SPEED_TARGET}x faster`, x >= SPEED_TARGET ? 'MET' : 'MISSED', '', '', '']);
    }
    rows.push([r.target, 'target: RSS < 1 GB', Number.isFinite(rs.value) && rs.value > 0 ? (rs.met ? 'MET' : 'MISSED') : 'n/a', '', '', '']);
  }
  console.log('');
  console.log(table(['target', 'tool', 'wall (median)', 'CPU (median)', 'peak RSS', 'findings'], rows));
  const out = {
    date: new Date().toISOString(),
    host: { platform: `${os.platform()}/${os.arch()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memBytes: os.totalmem() },
    node: process.version,
    go: goVersion,
    fieldalignment: { module: 'golang.org/x/tools', version, path: faBin },
    method: {
      warmup: WARMUP,
      runs: RUNS,
      rss: TIME ? `${TIME} -f %M (largest RSS of the process or one of its waited-for children)` : '/proc VmHWM polling of the process tree',
      cpu: 'user+sys of the process and its waited-for children',
    },
    results,
    failures,
  };
  mkdirSync(path.dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, JSON.stringify(out, null, 2) + '\n');
  console.log(`\nwrote ${path.relative(REPO, RESULTS)}`);
  if (failures.length) {
    console.error(`\nbench: ${failures.length} tool run(s) failed:\n${failures.join('\n')}`);
    process.exit(1);
  }
}

main().catch((e) => fail(e.stack ?? String(e)));
