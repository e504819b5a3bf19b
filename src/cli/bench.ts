// `heapwise bench run` and `heapwise bench compare`: run Go benchmarks, compare runs with
// benchstat's statistics, and gate CI on significant regressions (exit 1).
import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { InputError, UsageError } from '../core/errors.js';
import { compare } from '../bench/compare.js';
import { parseBench, type ParsedBench } from '../bench/format.js';
import { findRegressions, parseThresholds } from '../bench/gate.js';
import { validKey } from '../bench/projection.js';
import { renderText, toJson } from '../bench/render.js';
import { runBenchmarks } from '../bench/run.js';
import { signedPercent } from '../bench/stats.js';
import { commonScale, formatFixed, formatScaled, unitClass } from '../bench/units.js';
import { writeOutput } from './output.js';

interface RunFlags {
  C: string;
  bench: string;
  count: string;
  benchtime?: string;
  out?: string;
}

interface CompareFlags {
  format: string;
  col?: string;
  row?: string;
  ignore?: string;
  alpha: string;
  failOnRegression?: string;
  output?: string;
}

export function benchCommand(program: Command): void {
  const bench = program.command('bench').description('run Go benchmarks and compare runs with benchstat statistics');
  bench
    .command('run')
    .description('run benchmarks (go test -run=^$ -bench ... -benchmem -count N) and write the standard format')
    .argument('[patterns...]', 'Go package patterns (default ./...)')
    .option('-C <dir>', 'run in this directory (inside a Go module)', '.')
    .option('--bench <regex>', 'benchmarks to run', '.')
    .option('--count <n>', 'runs of each benchmark (benchstat needs >= 6 for a confidence interval)', '10')
    .option('--benchtime <d>', 'go test -benchtime (e.g. 100ms, 1000x)')
    .option('--out <file>', 'write results to a file instead of stdout')
    .action(async (patterns: string[], flags: RunFlags) => {
      const count = Number(flags.count);
      if (!Number.isInteger(count) || count < 1) throw new UsageError(`--count must be a positive integer, not "${flags.count}"`);
      const r = await runBenchmarks({
        dir: flags.C,
        patterns,
        bench: flags.bench,
        count,
        benchtime: flags.benchtime,
        progress: (line) => process.stderr.write(`heapwise bench: ${line}\n`),
      });
      await writeOutput(r.text, flags.out);
    });
  bench
    .command('compare')
    .description('compare benchmark files (old first) as benchstat does; exit 1 on significant regressions with --fail-on-regression')
    .argument('<files...>', 'benchmark output files (plain or go test -json); label=path names a column')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--col <key>', 'columns by: .file (default), a configuration key (note), .name, /key (a name part, e.g. /size)')
    .option('--row <key>', 'rows by: .fullname (default), .name, /key, a configuration key')
    .option('--ignore <keys>', 'configuration keys whose differences do not split tables (comma-separated)')
    .option('--alpha <a>', 'significance level', '0.05')
    .option('--fail-on-regression <thresholds>', "exit 1 on significant regressions beyond these, e.g. 'B/op>5%,allocs/op>0,sec/op>10%'")
    .option('-o, --output <file>', 'write the comparison to a file instead of stdout')
    .action(async (files: string[], flags: CompareFlags) => {
      const alpha = Number(flags.alpha);
      if (!(alpha >= 0 && alpha <= 1)) throw new UsageError(`--alpha must be in [0, 1], not "${flags.alpha}"`);
      const thresholds = flags.failOnRegression ? parseThresholds(flags.failOnRegression) : undefined;
      for (const [flag, key] of [['--col', flags.col], ['--row', flags.row]] as const) {
        if (key !== undefined && !validKey(key)) throw new UsageError(`${flag}: expected one key (.file, .name, .fullname, /part or a configuration key), not "${key}"`);
      }
      const parsed = await readInputs(files);
      for (const p of parsed) for (const i of p.issues) process.stderr.write(`heapwise: ${i.file}:${i.line}: ${i.message} (line skipped)\n`);
      if (parsed.every((p) => p.results.length === 0)) throw new InputError('no benchmark results', files.join(', '));
      const result = compare(parsed, { col: flags.col, row: flags.row, ignore: flags.ignore?.split(',').map((s) => s.trim()).filter(Boolean), alpha });
      const text = flags.format === 'json' ? JSON.stringify(toJson(result), null, 2) + '\n' : renderText(result);
      await writeOutput(text, flags.output);
      if (thresholds) {
        const regs = findRegressions(result, thresholds, parsed.flatMap((p) => p.units));
        for (const r of regs) {
          const p = r.pValue === null ? 'exact' : `p=${formatFixed(r.pValue, 3)}`;
          const sc = commonScale([r.old, r.new], unitClass(r.unit));
          const where = r.config.find(([k]) => k === 'pkg')?.[1];
          process.stderr.write(
            `heapwise: regression: ${r.name}${where ? ` (${where})` : ''} ${r.unit} ${formatScaled(r.old, sc)} -> ${formatScaled(r.new, sc)} (${signedPercent(r.deltaPercent)}%, ${p}) exceeds ${r.threshold}\n`,
          );
        }
        if (regs.length > 0) process.exitCode = 1;
      }
    });
}

async function readInputs(args: string[]): Promise<ParsedBench[]> {
  const counts = new Map<string, number>();
  for (const a of args) if (!a.includes('=')) counts.set(a, (counts.get(a) ?? 0) + 1);
  const seen = new Map<string, number>();
  return Promise.all(
    args.map(async (arg) => {
      const eq = arg.indexOf('=');
      const [label, file] = eq >= 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, arg];
      let finalLabel = label;
      // The same file twice gets #0, #1 suffixes, as benchstat does.
      if (eq < 0 && counts.get(arg)! > 1) {
        const i = seen.get(arg) ?? 0;
        seen.set(arg, i + 1);
        finalLabel = `${arg}#${i}`;
      }
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        throw new InputError(`cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, file);
      }
      return parseBench(text, file, finalLabel);
    }),
  );
}
