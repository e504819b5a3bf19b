// Reading a trace file (or - for stdin) for `heapwise gc` and `analyze --gc-trace`: a malformed
// GC line or a trace without cycles is an input error naming the file and line.
import { readFile } from 'node:fs/promises';
import { InputError } from '../core/errors.js';
import { fromSec, parseTrace, type ParsedTrace } from './trace.js';
import { parseMetrics, summarizeMetrics, type MetricsSummary, type ParsedMetrics } from './metrics.js';

/** `sinceSec` (--since) leaves out the cycles that started before it. */
export async function loadTrace(file: string, sinceSec = 0): Promise<ParsedTrace> {
  const { text, name } = await readInput(file);
  const trace = parseTrace(text, name);
  const bad = trace.issues[0];
  if (bad) throw new InputError(bad.message, `${bad.file}:${bad.line}`);
  if (trace.cycles.length === 0) {
    throw new InputError('no gctrace lines ("gc N @...") found: run the program with GODEBUG=gctrace=1 (GOGC=off without GOMEMLIMIT prints none)', name);
  }
  return since(trace, sinceSec);
}

function since(trace: ParsedTrace, sec: number): ParsedTrace {
  const kept = fromSec(trace, sec);
  if (kept.cycles.length === 0) {
    const last = trace.cycles[trace.cycles.length - 1]!;
    throw new InputError(`no GC cycle starts ${sec}s or later after start: the last one (gc ${last.cycle}) starts at ${last.startSec}s`, trace.file);
  }
  return kept;
}

export type GcInput = { kind: 'trace'; trace: ParsedTrace } | { kind: 'metrics'; metrics: ParsedMetrics; summary: MetricsSummary };

/**
 * A gctrace, or runtime/metrics snapshots (plain or Prometheus text) when the input has no GC
 * lines but does have snapshots: `gc whatif` and `gc recommend` take either.
 */
export async function loadGcInput(file: string, sinceSec = 0): Promise<GcInput> {
  const { text, name } = await readInput(file);
  const trace = parseTrace(text, name);
  if (trace.cycles.length === 0 && trace.issues.length === 0) {
    const metrics = parseMetrics(text, name);
    if (metrics.snapshots.length > 0 && sinceSec > 0) throw new InputError('--since needs a gctrace: runtime/metrics snapshots carry no time since start (take the snapshots after start-up instead)', name);
    if (metrics.snapshots.length > 0) return { kind: 'metrics', metrics, summary: loadedMetrics(metrics) };
  }
  const bad = trace.issues[0];
  if (bad) throw new InputError(bad.message, `${bad.file}:${bad.line}`);
  if (trace.cycles.length === 0) {
    throw new InputError('no gctrace lines ("gc N @...") or runtime/metrics snapshots found: run the program with GODEBUG=gctrace=1 (GOGC=off without GOMEMLIMIT prints none)', name);
  }
  return { kind: 'trace', trace: since(trace, sinceSec) };
}

/** runtime/metrics snapshots for `gc metrics`: malformed lines are input errors. */
export async function loadMetrics(file: string): Promise<{ metrics: ParsedMetrics; summary: MetricsSummary }> {
  const { text, name } = await readInput(file);
  const metrics = parseMetrics(text, name);
  if (metrics.snapshots.length === 0 && metrics.issues.length === 0) {
    throw new InputError('no runtime/metrics snapshot found: expected "/gc/heap/live:bytes 123" lines (metrics.Read over metrics.All()) or Prometheus text with go_* series', name);
  }
  return { metrics, summary: loadedMetrics(metrics) };
}

function loadedMetrics(metrics: ParsedMetrics): MetricsSummary {
  const bad = metrics.issues[0];
  if (bad) throw new InputError(bad.message, `${bad.file}:${bad.line}`);
  return summarizeMetrics(metrics);
}

export async function readInput(file: string): Promise<{ text: string; name: string }> {
  const name = file === '-' ? '<stdin>' : file;
  try {
    return { text: file === '-' ? await readStdin() : await readFile(file, 'utf8'), name };
  } catch (e) {
    throw new InputError(`cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, name);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
