// Text and JSON for `heapwise gc trace|whatif|recommend`.
import type { GcSummary } from './diagnose.js';
import type { GcModel, Prediction, Recommendation } from './model.js';
import type { VarsSummary } from './vars.js';
import type { ProgramGoVersion } from './goversion.js';
import type { MetricsSummary, UnknownFigure } from './metrics.js';

const MiB = 1 << 20;
const mib = (b: number | null) => (b === null ? 'unbounded' : `${(b / MiB).toFixed(1)} MiB`);
const pct = (x: number) => `${x.toFixed(2)}%`;

export function summaryText(s: GcSummary, file: string): string {
  const lines = [
    `${file}: ${s.cycles} GC cycles over ${s.spanSec.toFixed(2)} s on ${s.procs} P${s.forcedCycles ? ` (${s.forcedCycles} forced)` : ''}`,
    ...(s.processes > 1
      ? [`  processes         ${s.processes} printed GC lines here (go run, go test and other Go programs that start Go programs pass GODEBUG on); this is the one that ran longest, lines ${s.lines.first}-${s.lines.last}`]
      : []),
    `  cycles/s          ${s.cyclesPerSec.toFixed(2)} (steady state, after start-up)`,
    `  GC CPU            ${pct(s.gcCpuPercent)} of all Ps: background ${pct(s.backgroundCpuPercent)}, assists ${pct(s.assistCpuPercent)}, idle workers ${pct(s.idleCpuPercent)}, the rest STW (runtime's cumulative figure: ${s.runtimeCpuPercent}%)`,
    `  STW pauses        p50 ${s.pauseMs.p50} ms, p99 ${s.pauseMs.p99} ms, max ${s.pauseMs.max} ms (${s.pauseMs.count} pauses)`,
    `  live heap         ${mib(s.liveHeapBytes.first)} -> ${mib(s.liveHeapBytes.last)} (mean ${mib(s.liveHeapBytes.mean)}, trend ${signed(s.liveTrendBytesPerSec / MiB)} MiB/s)`,
    `  heap goal         ${mib(s.heapGoalBytes.mean)} mean, ${s.goalOverLive.toFixed(2)}x the live heap; roots (stacks + globals) ${mib(s.rootsBytes)}`,
    `  peak heap         ${mib(s.peakHeapBytes.median)} median, ${mib(s.peakHeapBytes.max)} max (heap at the end of marking)`,
    `  allocation rate   ${(s.allocBytesPerSec / MiB).toFixed(1)} MiB/s`,
  ];
  if (s.findings.length) lines.push('', ...s.findings.map((f) => `finding: ${f}`));
  return lines.join('\n') + '\n';
}

/** The line `gc run` adds to the summary: the traced program's Go version, or why it is unknown. */
export function goVersionLine(go: ProgramGoVersion): string {
  return `  Go                ${go.version ?? 'unknown'} (${go.source})\n`;
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;
}

export function whatIfText(m: GcModel, rows: Prediction[]): string {
  const head = `model: live ${mib(m.liveBytes)}, roots ${mib(m.rootsBytes)}, allocation ${(m.allocBytesPerSec / MiB).toFixed(1)} MiB/s (${(m.markAllocBytesPerSec / MiB).toFixed(1)} while marking), mark ${(m.markSec * 1000).toFixed(2)} ms/cycle, fitted at GOGC=${m.gogc}`;
  const table = [['GOGC', 'GOMEMLIMIT', 'cycles/s', 'peak heap', 'total memory', 'GC CPU', 'note']];
  for (const p of rows) {
    table.push([
      p.gogc === null ? 'off' : String(p.gogc),
      p.memoryLimit === null ? '-' : mib(p.memoryLimit),
      p.cyclesPerSec.toFixed(2),
      mib(p.peakHeapBytes),
      mib(p.totalMemoryBytes),
      pct(p.gcCpuPercent),
      p.cpuCapped ? 'limit under the live heap: GC at its CPU cap' : p.limitBound ? 'limit sets the goal' : '',
    ]);
  }
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const body = table.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padStart(widths[i]!))).join('  ').trimEnd());
  return [head, '', ...body].join('\n') + '\n';
}

export function recommendText(r: Recommendation): string {
  const p = r.prediction;
  return [
    `recommend: GOGC=${r.gogc === null ? 'off' : r.gogc} GOMEMLIMIT=${Math.floor(r.memoryLimitBytes / MiB)}MiB`,
    `  predicted: ${p.cyclesPerSec.toFixed(2)} cycles/s, peak heap ${mib(p.peakHeapBytes)}, total ${mib(p.totalMemoryBytes)}, GC CPU ${pct(p.gcCpuPercent)}`,
    `  binding constraint: ${r.binding}: ${r.reason}`,
  ].join('\n') + '\n';
}

export function predictionJson(p: Prediction) {
  return {
    gogc: p.gogc === null ? 'off' : p.gogc,
    memoryLimit: p.memoryLimit,
    cyclesPerSec: p.cyclesPerSec,
    peakHeapBytes: p.peakHeapBytes,
    totalMemoryBytes: p.totalMemoryBytes,
    gcCpuPercent: p.gcCpuPercent,
    limitBound: p.limitBound,
    cpuCapped: p.cpuCapped,
  };
}

export function varsText(v: VarsSummary, file: string): string {
  return [
    `${file}: ${v.numGC} GC cycles since start${v.forcedGC ? ` (${v.forcedGC} forced)` : ''}, GC CPU ${pct(v.gcCpuPercent)} of available CPU`,
    `  heap              ${mib(v.heapAllocBytes)} in objects (${v.liveObjects} objects), ${mib(v.heapInuseBytes)} in spans, next GC at ${mib(v.nextGCBytes)}`,
    `  from the OS       ${mib(v.sysBytes)} (heap ${mib(v.heapSysBytes)}, ${mib(v.heapReleasedBytes)} released); non-heap ${mib(v.nonHeapBytes)}`,
    `  STW per cycle     p50 ${v.pauseMs.p50.toFixed(3)} ms, p99 ${v.pauseMs.p99.toFixed(3)} ms, max ${v.pauseMs.max.toFixed(3)} ms (last ${v.pauseMs.count} cycles)`,
    `  allocated         ${mib(v.totalAllocBytes)} since start`,
  ].join('\n') + '\n';
}

export function metricsText(s: MetricsSummary, file: string): string {
  const unknown = new Set(s.unknown);
  // A figure the snapshots cannot give prints as "unknown", never as a 0 that reads like one.
  const or = (k: UnknownFigure, text: () => string) => (unknown.has(k) ? 'unknown' : text());
  const lines = [
    `${file}: ${s.snapshots} runtime/metrics snapshot(s)${s.goVersion ? ` of a ${s.goVersion} program` : ''} over ${unknown.has('spanSec') ? 'an unknown time' : `${s.spanSec.toFixed(2)} s`} on ${or('procs', () => String(s.procs))} P, GOGC=${s.gogc ?? 'off'}, GOMEMLIMIT=${s.memoryLimitBytes === null ? 'none' : mib(s.memoryLimitBytes)}`,
    `  cycles            ${s.cycles} (${s.forcedCycles} forced), ${or('cyclesPerSec', () => s.cyclesPerSec.toFixed(2))}/s`,
    `  GC CPU            ${or('gcCpuPercent', () => `${pct(s.gcCpuPercent)} of all Ps: background ${pct(s.backgroundCpuPercent)}, assists ${pct(s.assistCpuPercent)}, idle workers ${pct(s.idleCpuPercent)}, pauses ${pct(s.pauseCpuPercent)}`)}`,
    `  live heap         ${or('liveHeapBytes', () => mib(s.liveHeapBytes))} (trend ${or('liveTrendBytesPerSec', () => `${signed(s.liveTrendBytesPerSec / MiB)} MiB/s`)}), goal ${or('heapGoalBytes', () => mib(s.heapGoalBytes))}, roots ${or('rootsBytes', () => mib(s.rootsBytes))}`,
    `  Go memory         ${mib(s.goMemoryBytes)}${s.nonHeapBytes === null ? '' : ` (non-heap ${mib(s.nonHeapBytes)})`}`,
    `  allocation rate   ${or('allocBytesPerSec', () => `${(s.allocBytesPerSec / MiB).toFixed(1)} MiB/s`)}`,
  ];
  if (s.pauseMs) lines.push(`  STW pauses        p50 ${s.pauseMs.p50.toPrecision(2)} ms, p99 ${s.pauseMs.p99.toPrecision(2)} ms, max ${s.pauseMs.max.toPrecision(2)} ms (${s.pauseMs.count} pauses, bucket upper bounds)`);
  if (s.snapshots < 2) lines.push('  (one snapshot: rates need two or more)');
  if (s.missing.length) lines.push(`  missing: ${s.missing.join(', ')}`);
  if (unknown.has('gcCpuPercent') || unknown.has('spanSec')) {
    // What a service's /metrics usually is: client_golang's default Go collector (MemStats).
    lines.push("  (client_golang's default Go collector exports MemStats only: register collectors.NewGoCollector(collectors.WithGoCollectorRuntimeMetrics(collectors.MetricsAll)) for GC CPU and rates)");
  }
  return lines.join('\n') + '\n';
}
