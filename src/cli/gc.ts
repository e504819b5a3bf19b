// `heapwise gc trace|whatif|recommend|run`: GODEBUG=gctrace=1 traces turned into a diagnosis and
// a GOGC/GOMEMLIMIT what-if model (src/gc/).
import { Command, Option } from 'commander';
import { InputError, UsageError } from '../core/errors.js';
import { containerMemoryLimit } from '../gc/cgroup.js';
import { diagnose } from '../gc/diagnose.js';
import { fitModel, modelFromMetrics, recommend, whatIf, type GcModel } from '../gc/model.js';
import { goVersionLine, metricsText, predictionJson, recommendText, summaryText, varsText, whatIfText } from '../gc/render.js';
import { runTraced } from '../gc/run.js';
import { programGoVersion } from '../gc/goversion.js';
import { loadGcInput, loadMetrics, loadTrace, readInput, type GcInput } from '../gc/load.js';
import { fromSec, parseTrace } from '../gc/trace.js';
import { goMemLimit, parseBytes, parseDuration, parseGogc, parsePercent } from '../gc/units.js';
import { parseVars, VarsError, type VarsSummary } from '../gc/vars.js';
import { metricsJson } from '../gc/metrics.js';
import { writeOutput } from './output.js';

interface CommonFlags {
  format: string;
  output?: string;
  gogc?: string;
  vars?: string;
  since?: string;
}

const formatOption = () => new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');
// Start-up (caches filling, the live heap being built) is not the steady state: a service's
// first minute can pace and cost differently from the rest of its trace.
const sinceOption = () => new Option('--since <duration>', 'leave out GC cycles that started earlier than this after the program started, e.g. 30s or 2m (start-up)');
const sinceSec = (flags: { since?: string }) => (flags.since === undefined ? 0 : parseDuration(flags.since, '--since'));

export function gcCommand(program: Command): void {
  const gc = program.command('gc').description('diagnose GODEBUG=gctrace=1 traces and predict other GOGC/GOMEMLIMIT settings');
  gc.command('trace')
    .description('diagnose a gctrace: cycles/s, GC CPU (background vs assists), pauses, live heap trend, allocation rate')
    .argument('<file>', 'trace file (the program\'s stderr), or - for stdin')
    .addOption(sinceOption())
    .addOption(formatOption())
    .option('-o, --output <file>', 'write the report to a file')
    .action(async (file: string, flags: CommonFlags) => {
      const trace = await loadTrace(file, sinceSec(flags));
      const s = diagnose(trace);
      // A gctrace does not name the runtime that printed it.
      await writeOutput(flags.format === 'json' ? json({ goVersion: null, summary: s }) : summaryText(s, trace.file), flags.output);
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
  gc.command('metrics')
    .description('summarize runtime/metrics snapshots (metrics.Read text, or Prometheus text with go_* series): cycles/s, GC CPU, live heap, allocation rate')
    .argument('<file>', 'snapshots, one after another (a later one repeats the names), or - for stdin')
    .addOption(formatOption())
    .option('-o, --output <file>', 'write the report to a file')
    .action(async (file: string, flags: CommonFlags) => {
      const { metrics, summary } = await loadMetrics(file);
      await writeOutput(flags.format === 'json' ? json({ goVersion: summary.goVersion, summary: metricsJson(summary) }) : metricsText(summary, metrics.file), flags.output);
    });
  gc.command('whatif')
    .description('fit the GC model to a trace (or runtime/metrics snapshots) and predict cycles/s, peak heap and GC CPU for GOGC off/25/50/100/200/400')
    .argument('<file>', 'trace file or runtime/metrics snapshots, or - for stdin')
    .option('--gogc <n>', 'the GOGC the trace ran with (default: inferred from heap goal / live heap)')
    .option('--memory-limit <size>', 'predict under this GOMEMLIMIT, e.g. 512MiB, or none (default: the container\'s cgroup memory limit, if any)')
    .option('--vars <file>', 'a /debug/vars snapshot of the same program: its non-heap memory replaces the estimate')
    .addOption(sinceOption())
    .addOption(formatOption())
    .option('-o, --output <file>', 'write the report to a file')
    .action(async (file: string, flags: CommonFlags & { memoryLimit?: string }) => {
      const limit = await memoryLimit(flags.memoryLimit);
      const input = await loadGcInput(file, sinceSec(flags));
      const { summary, summaryText: head, model: m } = await fit(input, flags);
      const rows = whatIf(m, limit.bytes);
      const text =
        flags.format === 'json'
          ? json({ goVersion: inputGoVersion(input), summary, model: m, memoryLimit: limit, whatIf: rows.map(predictionJson) })
          : head + '\n' + `memory limit: ${limit.bytes === null ? 'none' : `${(limit.bytes / (1 << 20)).toFixed(0)} MiB`} (${limit.source})\n` + whatIfText(m, rows);
      await writeOutput(text, flags.output);
    });
  gc.command('recommend')
    .description('propose GOGC and GOMEMLIMIT for a memory size and GC CPU budget, with predicted figures')
    .argument('<file>', 'trace file or runtime/metrics snapshots, or - for stdin')
    .option('--memory <size>', 'memory available to the service, e.g. 512MiB (default: the container\'s cgroup memory limit)')
    .option('--cpu-budget <percent>', 'most GC CPU to accept, share of all Ps', '5%')
    .option('--gogc <n>', 'the GOGC the trace ran with (default: inferred)')
    .option('--vars <file>', 'a /debug/vars snapshot of the same program: its non-heap memory replaces the estimate')
    .addOption(sinceOption())
    .addOption(formatOption())
    .option('-o, --output <file>', 'write the report to a file')
    .action(async (file: string, flags: CommonFlags & { memory?: string; cpuBudget: string }) => {
      const limit = await memoryLimit(flags.memory, '--memory');
      if (limit.bytes === null) throw new UsageError(`--memory is required: no container memory limit to use (${limit.source})`);
      const memory = limit.bytes;
      const budget = parsePercent(flags.cpuBudget, '--cpu-budget');
      const input = await loadGcInput(file, sinceSec(flags));
      const { summary, model: m } = await fit(input, flags);
      const r = recommend(m, memory, budget);
      const rows = whatIf(m, r.memoryLimitBytes);
      const text =
        flags.format === 'json'
          ? json({ goVersion: inputGoVersion(input), summary, model: m, memory: limit, whatIf: rows.map(predictionJson), recommendation: { ...r, gogc: r.gogc ?? 'off', prediction: predictionJson(r.prediction) } })
          : recommendText(r) + `  memory: ${(memory / (1 << 20)).toFixed(0)} MiB (${limit.source})\n\n` + whatIfText(m, rows);
      await writeOutput(text, flags.output);
    });
  gc.command('run')
    .description('run a Go program with GODEBUG=gctrace=1, pass its output through, and diagnose the trace at exit')
    .argument('<command...>', 'the program and its arguments (after --)')
    .option('--gogc <n>', 'GOGC for the run (a number or off)')
    .option('--memlimit <size>', 'GOMEMLIMIT for the run, e.g. 512MiB')
    .option('--trace-out <file>', 'also save the raw trace (the program\'s stderr)')
    .addOption(sinceOption())
    .addOption(formatOption())
    .action(async (command: string[], flags: { gogc?: string; memlimit?: string; traceOut?: string; since?: string; format: string }) => {
      const skip = sinceSec(flags);
      const env: Record<string, string> = {};
      if (flags.gogc !== undefined) {
        const g = parseGogc(flags.gogc, '--gogc');
        env.GOGC = g === null ? 'off' : String(g);
      }
      if (flags.memlimit !== undefined) env.GOMEMLIMIT = goMemLimit(parseBytes(flags.memlimit, '--memlimit'));
      const r = await runTraced(command, env);
      if (flags.traceOut) await writeOutput(r.stderr, flags.traceOut);
      const whole = parseTrace(r.stderr, command[0]!);
      const trace = fromSec(whole, skip);
      if (trace.cycles.length === 0) {
        const why =
          whole.cycles.length > 0
            ? `no GC cycle starts ${flags.since} or later after start (${whole.cycles.length} before it)`
            : `no GC cycles in the trace${env.GOGC === 'off' && !env.GOMEMLIMIT ? ' (GOGC=off without a memory limit never collects)' : ''}`;
        process.stderr.write(`heapwise: ${command[0]}: ${why}\n`);
      } else if (trace.issues.some((i) => i.kind === 'ambiguous-processes')) {
        for (const i of trace.issues) process.stderr.write(`heapwise: ${i.file}:${i.line}: ${i.message}\n`);
      } else {
        for (const i of trace.issues) process.stderr.write(`heapwise: ${i.file}:${i.line}: ${i.message} (line skipped)\n`);
        const s = diagnose(trace);
        const go = await programGoVersion(command, env);
        process.stdout.write(flags.format === 'json' ? json({ goVersion: go.version, goVersionSource: go.source, summary: s }) : summaryText(s, command[0]!) + goVersionLine(go));
      }
      // The program's own failure is the run's result; a signal death is reported like a shell does.
      if (r.exitCode !== 0) process.exitCode = r.exitCode;
    });
}

/** The program's Go version where the input names it (client_golang's go_info); a gctrace does not. */
function inputGoVersion(input: GcInput): string | null {
  return input.kind === 'metrics' ? input.summary.goVersion : null;
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/** The model and the summary it came from, from a trace or from runtime/metrics snapshots. */
async function fit(input: GcInput, flags: CommonFlags): Promise<{ summary: unknown; summaryText: string; model: GcModel }> {
  const g = flags.gogc === undefined ? undefined : parseGogc(flags.gogc, '--gogc');
  if (g === null) throw new UsageError('--gogc: the trace must come from a run with GOGC on (off has no pacing to fit)');
  let m: GcModel;
  let summary: unknown;
  let head: string;
  try {
    if (input.kind === 'trace') {
      const s = diagnose(input.trace);
      summary = s;
      head = summaryText(s, input.trace.file);
      m = fitModel(input.trace, g);
    } else {
      summary = metricsJson(input.summary);
      head = metricsText(input.summary, input.metrics.file);
      m = modelFromMetrics(g === undefined ? input.summary : { ...input.summary, gogc: g });
    }
  } catch (e) {
    throw new InputError((e as Error).message, input.kind === 'trace' ? input.trace.file : input.metrics.file);
  }
  if (flags.vars !== undefined) m.nonHeapBytes = (await loadVars(flags.vars)).summary.nonHeapBytes;
  return { summary, summaryText: head, model: m };
}

/** A size given on the command line, "none", or (not given) the container's cgroup limit. */
async function memoryLimit(flag: string | undefined, name = '--memory-limit'): Promise<{ bytes: number | null; source: string }> {
  if (flag?.toLowerCase() === 'none') return { bytes: null, source: `${name} none` };
  if (flag !== undefined) return { bytes: parseBytes(flag, name), source: name };
  const c = await containerMemoryLimit();
  if (c === null) return { bytes: null, source: 'no cgroup memory controller found' };
  return c.bytes === null ? { bytes: null, source: `${c.source}: no limit` } : c;
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
