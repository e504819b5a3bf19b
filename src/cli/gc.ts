// `heapwise gc trace|whatif|recommend|run`: GODEBUG=gctrace=1 traces turned into a diagnosis and
// a GOGC/GOMEMLIMIT what-if model (src/gc/).
import { Command, Option } from 'commander';
import { InputError, UsageError } from '../core/errors.js';
import { diagnose } from '../gc/diagnose.js';
import { fitModel, recommend, whatIf, type GcModel } from '../gc/model.js';
import { predictionJson, recommendText, summaryText, varsText, whatIfText } from '../gc/render.js';
import { runTraced } from '../gc/run.js';
import { loadTrace, readInput } from '../gc/load.js';
import { parseTrace, type ParsedTrace } from '../gc/trace.js';
import { goMemLimit, parseBytes, parseGogc, parsePercent } from '../gc/units.js';
import { parseVars, VarsError, type VarsSummary } from '../gc/vars.js';
import { writeOutput } from './output.js';

interface CommonFlags {
  format: string;
  output?: string;
  gogc?: string;
  vars?: string;
}

const formatOption = () => new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');

export function gcCommand(program: Command): void {
  const gc = program.command('gc').description('diagnose GODEBUG=gctrace=1 traces and predict other GOGC/GOMEMLIMIT settings');
  gc.command('trace')
    .description('diagnose a gctrace: cycles/s, GC CPU (background vs assists), pauses, live heap trend, allocation rate')
    .argument('<file>', 'trace file (the program\'s stderr), or - for stdin')
    .addOption(formatOption())
    .option('-o, --output <file>', 'write the report to a file')
    .action(async (file: string, flags: CommonFlags) => {
      const trace = await loadTrace(file);
      const s = diagnose(trace);
      await writeOutput(flags.format === 'json' ? json({ summary: s }) : summaryText(s, trace.file), flags.output);
    });
  gc.command('vars')
    .description('summarize a /debug/vars (expvar memstats) snapshot: heap, non-heap memory, GC count and CPU, pause ring')
    .argument('<file>', 'the JSON /debug/vars served, or - for stdin')
    .addOption(formatOption())
    .option('-o, --output <file>', 'write the report to a file')
    .action(async (file: string, flags: CommonFlags) => {
      const { summary: v, name } = await loadVars(file);
      await writeOutput(flags.format === 'json' ? json({ summary: v }) : varsText(v, name), flags.output);
    });
  gc.command('whatif')
    .description('fit the GC model to a trace and predict cycles/s, peak heap and GC CPU for GOGC off/25/50/100/200/400')
    .argument('<file>', 'trace file, or - for stdin')
    .option('--gogc <n>', 'the GOGC the trace ran with (default: inferred from heap goal / live heap)')
    .option('--memory-limit <size>', 'predict under this GOMEMLIMIT, e.g. 512MiB')
    .option('--vars <file>', 'a /debug/vars snapshot of the same program: its non-heap memory replaces the estimate')
    .addOption(formatOption())
    .option('-o, --output <file>', 'write the report to a file')
    .action(async (file: string, flags: CommonFlags & { memoryLimit?: string }) => {
      const limit = flags.memoryLimit === undefined ? null : parseBytes(flags.memoryLimit, '--memory-limit');
      const trace = await loadTrace(file);
      const s = diagnose(trace);
      const m = await fit(trace, flags);
      const rows = whatIf(m, limit);
      const text = flags.format === 'json' ? json({ summary: s, model: m, whatIf: rows.map(predictionJson) }) : summaryText(s, trace.file) + '\n' + whatIfText(m, rows);
      await writeOutput(text, flags.output);
    });
  gc.command('recommend')
    .description('propose GOGC and GOMEMLIMIT for a memory size and GC CPU budget, with predicted figures')
    .argument('<file>', 'trace file, or - for stdin')
    .requiredOption('--memory <size>', 'memory available to the service (container limit), e.g. 512MiB')
    .option('--cpu-budget <percent>', 'most GC CPU to accept, share of all Ps', '5%')
    .option('--gogc <n>', 'the GOGC the trace ran with (default: inferred)')
    .option('--vars <file>', 'a /debug/vars snapshot of the same program: its non-heap memory replaces the estimate')
    .addOption(formatOption())
    .option('-o, --output <file>', 'write the report to a file')
    .action(async (file: string, flags: CommonFlags & { memory: string; cpuBudget: string }) => {
      const memory = parseBytes(flags.memory, '--memory');
      const budget = parsePercent(flags.cpuBudget, '--cpu-budget');
      const trace = await loadTrace(file);
      const s = diagnose(trace);
      const m = await fit(trace, flags);
      const r = recommend(m, memory, budget);
      const rows = whatIf(m, r.memoryLimitBytes);
      const text =
        flags.format === 'json'
          ? json({ summary: s, model: m, whatIf: rows.map(predictionJson), recommendation: { ...r, gogc: r.gogc ?? 'off', prediction: predictionJson(r.prediction) } })
          : recommendText(r) + '\n' + whatIfText(m, rows);
      await writeOutput(text, flags.output);
    });
  gc.command('run')
    .description('run a Go program with GODEBUG=gctrace=1, pass its output through, and diagnose the trace at exit')
    .argument('<command...>', 'the program and its arguments (after --)')
    .option('--gogc <n>', 'GOGC for the run (a number or off)')
    .option('--memlimit <size>', 'GOMEMLIMIT for the run, e.g. 512MiB')
    .option('--trace-out <file>', 'also save the raw trace (the program\'s stderr)')
    .addOption(formatOption())
    .action(async (command: string[], flags: { gogc?: string; memlimit?: string; traceOut?: string; format: string }) => {
      const env: Record<string, string> = {};
      if (flags.gogc !== undefined) {
        const g = parseGogc(flags.gogc, '--gogc');
        env.GOGC = g === null ? 'off' : String(g);
      }
      if (flags.memlimit !== undefined) env.GOMEMLIMIT = goMemLimit(parseBytes(flags.memlimit, '--memlimit'));
      const r = await runTraced(command, env);
      if (flags.traceOut) await writeOutput(r.stderr, flags.traceOut);
      const trace = parseTrace(r.stderr, command[0]!);
      if (trace.cycles.length === 0) {
        process.stderr.write(`heapwise: ${command[0]}: no GC cycles in the trace${env.GOGC === 'off' && !env.GOMEMLIMIT ? ' (GOGC=off without a memory limit never collects)' : ''}\n`);
      } else {
        for (const i of trace.issues) process.stderr.write(`heapwise: ${i.file}:${i.line}: ${i.message} (line skipped)\n`);
        const s = diagnose(trace);
        process.stdout.write(flags.format === 'json' ? json({ summary: s }) : summaryText(s, command[0]!));
      }
      // The program's own failure is the run's result; a signal death is reported like a shell does.
      if (r.exitCode !== 0) process.exitCode = r.exitCode;
    });
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

async function fit(trace: ParsedTrace, flags: CommonFlags): Promise<GcModel> {
  const g = flags.gogc === undefined ? undefined : parseGogc(flags.gogc, '--gogc');
  if (g === null) throw new UsageError('--gogc: the trace must come from a run with GOGC on (off has no pacing to fit)');
  let m: GcModel;
  try {
    m = fitModel(trace, g);
  } catch (e) {
    throw new InputError((e as Error).message, trace.file);
  }
  if (flags.vars !== undefined) m.nonHeapBytes = (await loadVars(flags.vars)).summary.nonHeapBytes;
  return m;
}

async function loadVars(file: string): Promise<{ summary: VarsSummary; name: string }> {
  const { text, name } = await readInput(file);
  try {
    return { summary: parseVars(text), name };
  } catch (e) {
    if (e instanceof VarsError) throw new InputError(e.message, `${name}:${e.line}`);
    throw e;
  }
}
