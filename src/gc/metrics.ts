// Importer for runtime/metrics snapshots, in two text forms:
//
//   - plain: what a program printing metrics.Read over metrics.All() writes, one "name value" per
//     line ("/gc/heap/live:bytes 41234432"); a histogram is one line per non-empty bucket,
//     "name [lo,hi) count" (bounds as Go's %g prints them, -Inf/+Inf at the ends). A snapshot
//     starts at a "# runtime/metrics" line, or when a name it already holds comes again.
//   - Prometheus text with client_golang's Go collector names (internal.RuntimeMetricsToProm:
//     "go_" + the path with / and - as _, "_" + the unit, "_total" for counters), e.g.
//     go_gc_heap_live_bytes, go_cpu_classes_gc_total_cpu_seconds_total; also the MemStats-based
//     defaults (go_memstats_*, go_gc_duration_seconds_count). A snapshot (scrape) ends when a
//     sample it already holds comes again.
//
// Both become the same model: snapshots of runtime/metrics names. Time between snapshots is
// not in either format (expfmt timestamps are optional and rare), but runtime/metrics carries
// it: /cpu/classes/total:cpu-seconds is GOMAXPROCS x wall time, so elapsed wall time is its
// difference over /sched/gomaxprocs:threads. Rates need at least two snapshots.
import { quantile, slope } from './stats.js';
import type { TraceIssue } from './trace.js';

export interface Bucket {
  lo: number;
  hi: number;
  count: number;
}

export interface MetricsSnapshot {
  /** 1-based line where the snapshot starts. */
  line: number;
  values: Map<string, number>;
  histograms: Map<string, Bucket[]>;
  /** Unix milliseconds, when the Prometheus samples carry timestamps. */
  timestampMs?: number;
}

export interface ParsedMetrics {
  file: string;
  format: 'runtime/metrics' | 'prometheus';
  snapshots: MetricsSnapshot[];
  /** Lines that are neither metrics nor comments (a log mixed in). */
  otherLines: number;
  issues: TraceIssue[];
  /** The program's Go version, from client_golang's go_info{version="go1.26.8"}; runtime/metrics text has none. */
  goVersion: string | null;
}

const numText = String.raw`[-+]?(?:\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|Inf|NaN)`;
const plainScalar = new RegExp(String.raw`^(/[^\s:]+:\S+) (${numText})$`);
const plainBucket = new RegExp(String.raw`^(/[^\s:]+:\S+) \[(${numText}),(${numText})\) (\d+)$`);
const promSample = new RegExp(String.raw`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (${numText})(?: (-?\d+))?$`);

function num(text: string): number {
  const t = text.replace(/^\+/, '');
  if (t === 'Inf') return Infinity;
  if (t === '-Inf') return -Infinity;
  return Number(t);
}

/** Detects the form: Prometheus when a go_ sample comes before any runtime/metrics name. */
export function parseMetrics(text: string, file: string): ParsedMetrics {
  for (const line of text.split('\n')) {
    if (line.startsWith('/') || line.startsWith('# runtime/metrics')) return parsePlainMetrics(text, file);
    if (/^(go|process)_\w+/.test(line) || line.startsWith('# TYPE go_')) return parsePrometheusMetrics(text, file);
  }
  return parsePlainMetrics(text, file);
}

export function parsePlainMetrics(text: string, file: string): ParsedMetrics {
  const out: ParsedMetrics = { file, format: 'runtime/metrics', snapshots: [], otherLines: 0, issues: [], goVersion: null };
  let cur: MetricsSnapshot | undefined;
  const seenBuckets = new Set<string>();
  const start = (line: number) => {
    cur = { line, values: new Map(), histograms: new Map() };
    seenBuckets.clear();
    out.snapshots.push(cur);
    return cur;
  };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.endsWith('\r') ? lines[i]!.slice(0, -1) : lines[i]!;
    const lineNo = i + 1;
    if (raw.startsWith('# runtime/metrics')) {
      start(lineNo + 1);
      continue;
    }
    if (raw === '' || raw.startsWith('#')) continue;
    if (!raw.startsWith('/')) {
      out.otherLines++;
      continue;
    }
    const s = plainScalar.exec(raw);
    if (s) {
      const snap = cur && !cur.values.has(s[1]!) && !cur.histograms.has(s[1]!) ? cur : start(lineNo);
      snap.values.set(s[1]!, num(s[2]!));
      continue;
    }
    const b = plainBucket.exec(raw);
    if (b) {
      const lo = num(b[2]!);
      const hi = num(b[3]!);
      if (!(lo < hi)) {
        out.issues.push({ file, line: lineNo, message: `histogram bucket [${b[2]},${b[3]}) of ${b[1]} is empty or reversed` });
        continue;
      }
      const key = `${b[1]} ${b[2]} ${b[3]}`;
      const snap = cur && !seenBuckets.has(key) && !cur.values.has(b[1]!) ? cur : start(lineNo);
      seenBuckets.add(key);
      const list = snap.histograms.get(b[1]!) ?? [];
      list.push({ lo, hi, count: Number(b[4]) });
      snap.histograms.set(b[1]!, list);
      continue;
    }
    const shown = raw.length > 120 ? `${raw.slice(0, 117)}...` : raw;
    out.issues.push({ file, line: lineNo, message: `malformed runtime/metrics line: expected "name value" or "name [lo,hi) count", got "${shown}"` });
  }
  out.snapshots = out.snapshots.filter((s) => s.values.size > 0 || s.histograms.size > 0);
  return out;
}

const counters = new Set(['/gc/cycles/automatic:gc-cycles', '/gc/cycles/forced:gc-cycles', '/gc/cycles/total:gc-cycles', '/gc/heap/allocs:bytes']);

/** runtime/metrics names heapwise reads, by their client_golang names. */
export const promNames: ReadonlyMap<string, string> = new Map(
  [
    '/cpu/classes/gc/mark/assist:cpu-seconds',
    '/cpu/classes/gc/mark/dedicated:cpu-seconds',
    '/cpu/classes/gc/mark/idle:cpu-seconds',
    '/cpu/classes/gc/pause:cpu-seconds',
    '/cpu/classes/gc/total:cpu-seconds',
    '/cpu/classes/idle:cpu-seconds',
    '/cpu/classes/total:cpu-seconds',
    '/gc/cycles/automatic:gc-cycles',
    '/gc/cycles/forced:gc-cycles',
    '/gc/cycles/total:gc-cycles',
    '/gc/gogc:percent',
    '/gc/gomemlimit:bytes',
    '/gc/heap/allocs:bytes',
    '/gc/heap/goal:bytes',
    '/gc/heap/live:bytes',
    '/gc/scan/globals:bytes',
    '/gc/scan/stack:bytes',
    '/gc/scan/heap:bytes',
    '/memory/classes/heap/free:bytes',
    '/memory/classes/heap/objects:bytes',
    '/memory/classes/heap/released:bytes',
    '/memory/classes/total:bytes',
    '/sched/gomaxprocs:threads',
  ].map((n) => [promName(n), n]),
);

/** client_golang's internal.RuntimeMetricsToProm (counters: cumulative non-histogram metrics). */
export function promName(name: string, cumulative = name.startsWith('/cpu/classes/') || counters.has(name)): string {
  const [path, unit = ''] = name.split(':');
  const u = unit.replace(/-/g, '_').replace(/\*/g, '_').replace(/\//g, '_per_');
  return `go${path!.replace(/[/-]/g, '_')}_${u}${cumulative ? '_total' : ''}`;
}

/** client_golang's MemStats-based default collection, for the figures runtime/metrics also has. */
const memstatsNames: ReadonlyMap<string, string> = new Map([
  ['go_memstats_heap_alloc_bytes', '/memory/classes/heap/objects:bytes'],
  ['go_memstats_next_gc_bytes', '/gc/heap/goal:bytes'],
  ['go_memstats_alloc_bytes_total', '/gc/heap/allocs:bytes'],
  ['go_gc_duration_seconds_count', '/gc/cycles/total:gc-cycles'],
  ['go_memstats_sys_bytes', '/memory/classes/total:bytes'],
]);

export function parsePrometheusMetrics(text: string, file: string): ParsedMetrics {
  const out: ParsedMetrics = { file, format: 'prometheus', snapshots: [], otherLines: 0, issues: [], goVersion: null };
  let cur: MetricsSnapshot | undefined;
  const seen = new Set<string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.endsWith('\r') ? lines[i]!.slice(0, -1) : lines[i]!;
    const lineNo = i + 1;
    if (raw === '' || raw.startsWith('#')) continue;
    const m = promSample.exec(raw);
    if (!m) {
      if (/^(go|process)_/.test(raw)) {
        const shown = raw.length > 120 ? `${raw.slice(0, 117)}...` : raw;
        out.issues.push({ file, line: lineNo, message: `malformed Prometheus sample: expected "name{labels} value [timestamp]", got "${shown}"` });
      } else out.otherLines++;
      continue;
    }
    const key = m[1]! + (m[2] ?? '');
    if (!cur || seen.has(key)) {
      cur = { line: lineNo, values: new Map(), histograms: new Map() };
      seen.clear();
      out.snapshots.push(cur);
    }
    seen.add(key);
    if (m[4] !== undefined) cur.timestampMs = Number(m[4]);
    if (m[1] === 'go_info') out.goVersion = /\bversion="([^"\\]*)"/.exec(m[2] ?? '')?.[1] ?? out.goVersion;
    // Labelled series (quantiles, buckets, go_info) are not runtime/metrics scalars.
    if (m[2] !== undefined) continue;
    const name = promNames.get(m[1]!) ?? memstatsNames.get(m[1]!);
    // A runtime/metrics series wins over the MemStats one for the same figure.
    if (name && !(memstatsNames.has(m[1]!) && cur.values.has(name))) cur.values.set(name, num(m[3]!));
    if (m[1] === 'go_memstats_gc_cpu_fraction') cur.values.set('memstats:GCCPUFraction', num(m[3]!));
  }
  return out;
}

export interface MetricsSummary {
  /** The program's Go version where the snapshots carry it (go_info), else null: unknown. */
  goVersion: string | null;
  snapshots: number;
  /** Wall seconds from the first snapshot to the last (0 with one snapshot or no clock). */
  spanSec: number;
  procs: number;
  gogc: number | null;
  /** null: no limit (math.MaxInt64). */
  memoryLimitBytes: number | null;
  liveHeapBytes: number;
  heapGoalBytes: number;
  rootsBytes: number;
  /** Go memory mapped and not released: what GOMEMLIMIT counts. */
  goMemoryBytes: number | null;
  /** What GOMEMLIMIT counts besides heap objects and free heap pages (mgcpacer.go's mappedReady - heapFree - heapAlloc). */
  nonHeapBytes: number | null;
  cycles: number;
  forcedCycles: number;
  cyclesPerSec: number;
  allocBytesPerSec: number;
  /** GC CPU over the span as a share of all Ps: /cpu/classes/gc/total over /cpu/classes/total. */
  gcCpuPercent: number;
  assistCpuPercent: number;
  backgroundCpuPercent: number;
  idleCpuPercent: number;
  pauseCpuPercent: number;
  /** GC CPU per cycle in ms over the span (for the model), and its STW part. */
  gcCpuMsPerCycle: number;
  pauseCpuMsPerCycle: number;
  /** Live heap slope over the snapshots, bytes per second (least squares). */
  liveTrendBytesPerSec: number;
  /** STW pauses over the span from /sched/pauses/total/gc:seconds (bucket upper bounds). */
  pauseMs: { count: number; p50: number; p99: number; max: number } | null;
  missing: string[];
  /**
   * Figures the snapshots cannot give (their fields hold 0, which is not a measurement): rates
   * without a clock (client_golang's default collector exports MemStats, with no CPU-seconds
   * to time the snapshots by), GC CPU without /cpu/classes, a live heap without /gc/heap/live.
   * Reports print and serialize them as unknown.
   */
  unknown: UnknownFigure[];
}

export type UnknownFigure =
  | 'spanSec'
  | 'procs'
  | 'liveHeapBytes'
  | 'heapGoalBytes'
  | 'rootsBytes'
  | 'cyclesPerSec'
  | 'allocBytesPerSec'
  | 'gcCpuPercent'
  | 'assistCpuPercent'
  | 'backgroundCpuPercent'
  | 'idleCpuPercent'
  | 'pauseCpuPercent'
  | 'gcCpuMsPerCycle'
  | 'pauseCpuMsPerCycle'
  | 'liveTrendBytesPerSec';

const need = ['/gc/heap/live:bytes', '/gc/heap/goal:bytes', '/gc/cycles/total:gc-cycles', '/cpu/classes/gc/total:cpu-seconds', '/cpu/classes/total:cpu-seconds', '/sched/gomaxprocs:threads', '/gc/heap/allocs:bytes'];

/** What the snapshots say: figures from the last one, rates from the first to the last. */
export function summarizeMetrics(p: ParsedMetrics): MetricsSummary {
  const snaps = p.snapshots;
  if (snaps.length === 0) throw new Error('no runtime/metrics snapshot');
  const first = snaps[0]!;
  const last = snaps[snaps.length - 1]!;
  const v = (s: MetricsSnapshot, k: string) => s.values.get(k) ?? NaN;
  const d = (k: string) => v(last, k) - v(first, k);
  const procs = v(last, '/sched/gomaxprocs:threads');
  const secOf = (s: MetricsSnapshot) => (Number.isFinite(procs) && procs > 0 ? v(s, '/cpu/classes/total:cpu-seconds') / procs : NaN);
  let spanSec = secOf(last) - secOf(first);
  if (!Number.isFinite(spanSec) && first.timestampMs !== undefined && last.timestampMs !== undefined) spanSec = (last.timestampMs - first.timestampMs) / 1000;
  if (!Number.isFinite(spanSec) || spanSec < 0) spanSec = 0;
  const cpuTotal = d('/cpu/classes/total:cpu-seconds');
  const cpuPct = (k: string) => (cpuTotal > 0 ? (100 * d(k)) / cpuTotal : 0);
  const cycles = d('/gc/cycles/total:gc-cycles');
  const rate = (x: number) => (spanSec > 0 && Number.isFinite(x) ? x / spanSec : 0);
  const limit = v(last, '/gc/gomemlimit:bytes');
  const gogc = v(last, '/gc/gogc:percent');
  const total = v(last, '/memory/classes/total:bytes');
  const released = v(last, '/memory/classes/heap/released:bytes') || 0;
  const fin = (x: number) => (Number.isFinite(x) ? x : 0);
  // The live heap is 0 until the first cycle has marked; those snapshots say nothing of a trend.
  const marked = snaps.filter((s) => v(s, '/gc/cycles/total:gc-cycles') > 0);
  const times = marked.map(secOf);
  const lives = marked.map((s) => v(s, '/gc/heap/live:bytes'));
  const ok = times.every(Number.isFinite) && lives.every(Number.isFinite);
  const has = (k: string) => snaps.length > 0 && Number.isFinite(v(first, k)) && Number.isFinite(v(last, k));
  const unknown: UnknownFigure[] = [];
  if (!(procs > 0)) unknown.push('procs');
  if (snaps.length > 1 && spanSec === 0) unknown.push('spanSec', 'cyclesPerSec', 'allocBytesPerSec');
  else if (!has('/gc/heap/allocs:bytes')) unknown.push('allocBytesPerSec');
  if (!has('/gc/cycles/total:gc-cycles') && !unknown.includes('cyclesPerSec')) unknown.push('cyclesPerSec');
  if (!(cpuTotal > 0) || !has('/cpu/classes/gc/total:cpu-seconds')) {
    unknown.push('gcCpuPercent', 'assistCpuPercent', 'backgroundCpuPercent', 'idleCpuPercent', 'pauseCpuPercent', 'gcCpuMsPerCycle', 'pauseCpuMsPerCycle');
  }
  if (!last.values.has('/gc/heap/live:bytes')) unknown.push('liveHeapBytes');
  if (!last.values.has('/gc/heap/goal:bytes')) unknown.push('heapGoalBytes');
  if (!last.values.has('/gc/scan/stack:bytes') && !last.values.has('/gc/scan/globals:bytes')) unknown.push('rootsBytes');
  if (!ok || marked.length < 2) unknown.push('liveTrendBytesPerSec');
  return {
    goVersion: p.goVersion,
    snapshots: snaps.length,
    spanSec,
    procs: fin(procs),
    // GOGC=off reads as -1; the runtime's "no limit" is math.MaxInt64 (9.22e18 as a float).
    gogc: Number.isFinite(gogc) && gogc >= 0 ? gogc : null,
    memoryLimitBytes: Number.isFinite(limit) && limit < 9e18 ? limit : null,
    liveHeapBytes: fin(v(last, '/gc/heap/live:bytes')),
    heapGoalBytes: fin(v(last, '/gc/heap/goal:bytes')),
    rootsBytes: fin(v(last, '/gc/scan/stack:bytes')) + fin(v(last, '/gc/scan/globals:bytes')),
    goMemoryBytes: Number.isFinite(total) ? total - released : null,
    nonHeapBytes: Number.isFinite(total - v(last, '/memory/classes/heap/free:bytes') - v(last, '/memory/classes/heap/objects:bytes'))
      ? total - released - v(last, '/memory/classes/heap/free:bytes') - v(last, '/memory/classes/heap/objects:bytes')
      : null,
    cycles: fin(cycles),
    forcedCycles: fin(d('/gc/cycles/forced:gc-cycles')),
    cyclesPerSec: rate(cycles),
    allocBytesPerSec: rate(d('/gc/heap/allocs:bytes')),
    gcCpuPercent: cpuPct('/cpu/classes/gc/total:cpu-seconds'),
    assistCpuPercent: cpuPct('/cpu/classes/gc/mark/assist:cpu-seconds'),
    backgroundCpuPercent: cpuPct('/cpu/classes/gc/mark/dedicated:cpu-seconds'),
    idleCpuPercent: cpuPct('/cpu/classes/gc/mark/idle:cpu-seconds'),
    pauseCpuPercent: cpuPct('/cpu/classes/gc/pause:cpu-seconds'),
    gcCpuMsPerCycle: cycles > 0 ? (1000 * fin(d('/cpu/classes/gc/total:cpu-seconds'))) / cycles : 0,
    pauseCpuMsPerCycle: cycles > 0 ? (1000 * fin(d('/cpu/classes/gc/pause:cpu-seconds'))) / cycles : 0,
    liveTrendBytesPerSec: ok ? slope(times, lives) : 0,
    pauseMs: pauses(first.histograms.get('/sched/pauses/total/gc:seconds'), last.histograms.get('/sched/pauses/total/gc:seconds'), snaps.length > 1),
    missing: need.filter((k) => !last.values.has(k)),
    unknown,
  };
}

/** The summary as JSON gives it: unknown figures are null rather than 0. */
export function metricsJson(s: MetricsSummary): Record<string, unknown> {
  const out: Record<string, unknown> = { ...s };
  for (const k of s.unknown) out[k] = null;
  return out;
}

/** Pauses in the last snapshot's histogram that the first did not have yet (all of them with one snapshot). */
function pauses(a: Bucket[] | undefined, b: Bucket[] | undefined, delta: boolean): MetricsSummary['pauseMs'] {
  if (!b) return null;
  const before = new Map((delta ? (a ?? []) : []).map((x) => [`${x.lo},${x.hi}`, x.count]));
  const ms: number[] = [];
  for (const x of b) {
    const n = x.count - (before.get(`${x.lo},${x.hi}`) ?? 0);
    // A bucket's upper bound (its lower one for the open last bucket) stands for its pauses.
    const at = (Number.isFinite(x.hi) ? x.hi : x.lo) * 1000;
    for (let i = 0; i < Math.min(n, 100_000); i++) ms.push(at);
  }
  ms.sort((x, y) => x - y);
  return { count: ms.length, p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), max: ms[ms.length - 1] ?? 0 };
}
