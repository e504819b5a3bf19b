// Runs Go benchmarks: `go test -run=^$ -bench <regex> -benchmem -count N`, one package at a time
// so progress can be reported as each finishes (runGo returns output when a command ends).
// The result is the standard benchmark format, every package's configuration lines included.
import { ToolchainError } from '../core/errors.js';
import { runGo } from '../go/toolchain.js';
import { parseBench } from './format.js';

export interface RunOptions {
  dir: string;
  patterns: string[];
  bench: string;
  count: number;
  benchtime?: string;
  /** Called with a line of progress (the CLI writes it to stderr). */
  progress?: (line: string) => void;
}

export interface RunOutput {
  text: string;
  packages: number;
  results: number;
}

export async function runBenchmarks(o: RunOptions): Promise<RunOutput> {
  const patterns = o.patterns.length ? o.patterns : ['./...'];
  const list = await runGo(['list', '-f', '{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}', '--', ...patterns], { cwd: o.dir });
  const packages = list.stdout.split('\n').filter(Boolean);
  if (packages.length === 0) throw new ToolchainError(`no package matching ${patterns.join(' ')} has tests`);
  const chunks: string[] = [];
  let results = 0;
  for (const [i, pkg] of packages.entries()) {
    const started = performance.now();
    o.progress?.(`[${i + 1}/${packages.length}] ${pkg}`);
    const args = ['test', '-run=^$', `-bench=${o.bench}`, '-benchmem', `-count=${o.count}`];
    if (o.benchtime) args.push(`-benchtime=${o.benchtime}`);
    const r = await runGo([...args, pkg], { cwd: o.dir, allowFailure: true, timeoutMs: 60 * 60_000 });
    if (r.exitCode !== 0) {
      // The most telling line: a compile error or failure with its position, a panic, FAIL.
      const lines = [...r.stdout.split('\n'), ...r.stderr.split('\n')].map((l) => l.trim()).filter(Boolean);
      const why = [/\.go:\d+/, /^panic:/, /FAIL/].map((re) => lines.find((l) => re.test(l))).find(Boolean) ?? lines[0] ?? '';
      throw new ToolchainError(`go test ${pkg} failed (exit ${r.exitCode}): ${why.trim()}`);
    }
    const n = parseBench(r.stdout, pkg).results.length;
    results += n;
    o.progress?.(`[${i + 1}/${packages.length}] ${pkg}: ${n} results in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    // Keep configuration and result lines; drop PASS / ok lines that belong to go test.
    chunks.push(r.stdout.split('\n').filter((l) => l !== 'PASS' && !/^ok\s/.test(l)).join('\n').trimEnd());
  }
  return { text: chunks.filter(Boolean).join('\n') + '\n', packages: packages.length, results };
}
