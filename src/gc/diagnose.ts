// What a GC trace says about a program: how often it collects, what that costs in CPU and
// pauses, how big the heap gets, and whether the live heap keeps growing.
import { mean, median, quantile, slope } from './stats.js';
import { cycleEndSec, type GcCycle, type ParsedTrace } from './trace.js';

export interface GcSummary {
  cycles: number;
  /** Processes whose GC lines the trace held; above 1, the summary is of the one that ran longest. */
  processes: number;
  /** Lines of the trace the diagnosed cycles came from. */
  lines: { first: number; last: number };
  forcedCycles: number;
  /** Seconds from the first cycle's start to the last cycle's end. */
  spanSec: number;
  procs: number;
  cyclesPerSec: number;
  /**
   * GC CPU as a share of all Ps over the steady cycles' periods: STW phases (times Ps) and all
   * marking (assist, background, idle workers), as the runtime accounts it (the same figure as
   * /cpu/classes/gc/total:cpu-seconds over /cpu/classes/total:cpu-seconds).
   */
  gcCpuPercent: number;
  /** Background (dedicated + fractional) mark workers, share of all Ps. */
  backgroundCpuPercent: number;
  /** Mark assists: allocating goroutines made to mark; these add latency to the application. */
  assistCpuPercent: number;
  /** Idle mark workers: GC work done on otherwise idle Ps (it costs power, not the program's time). */
  idleCpuPercent: number;
  /** The runtime's own cumulative figure from the last line (since program start, truncated). */
  runtimeCpuPercent: number;
  pauseMs: { count: number; p50: number; p99: number; max: number };
  liveHeapBytes: { first: number; last: number; mean: number; max: number };
  /** Heap reached at the end of marking: median and max over cycles. */
  peakHeapBytes: { median: number; max: number };
  heapGoalBytes: { mean: number };
  /** Mean goal / live of the previous cycle (about 1 + GOGC/100 without a memory limit). */
  goalOverLive: number;
  rootsBytes: number;
  /** Bytes allocated per second, from heap growth between and during cycles. */
  allocBytesPerSec: number;
  /** Live heap slope over the trace, bytes per second (least squares). */
  liveTrendBytesPerSec: number;
  leakSuspected: boolean;
  findings: string[];
}

/**
 * Cycles after the start-up ramp. While a program builds its live set, cycles free almost
 * nothing (marked live = heap at the end) and the pacing that follows is skewed by it, so the
 * steady part starts after the first cycle that freed memory with the live heap near its usual
 * level. Never more than half the trace is dropped (a leaking heap never "arrives").
 */
export function steadyCycles(cycles: GcCycle[]): GcCycle[] {
  if (cycles.length < 4) return cycles;
  const lives = cycles.map((c) => c.heapLiveBytes).sort((a, b) => a - b);
  const usual = lives[Math.floor(lives.length / 2)]!;
  const settled = cycles.findIndex((c) => c.heapLiveBytes >= 0.9 * usual && c.heapLiveBytes < 0.9 * c.heapEndBytes);
  const first = settled < 0 ? 1 : settled + 1;
  return cycles.slice(Math.min(first, Math.floor(cycles.length / 2)));
}

/** STW CPU of a typical cycle: the median of sweep termination + mark termination CPU. */
export function stwCpuMsPerCycle(cycles: GcCycle[]): number {
  return median(cycles.map((c) => c.cpuMs.sweepTermination + c.cpuMs.markTermination));
}

/** Bytes allocated from the end of one cycle's mark to the end of the next: heap1[n] - heap2[n-1]. */
export function allocRate(cycles: GcCycle[]): number {
  let bytes = 0;
  let sec = 0;
  for (let i = 1; i < cycles.length; i++) {
    const prev = cycles[i - 1]!;
    const c = cycles[i]!;
    const dt = cycleEndSec(c) - cycleEndSec(prev);
    if (dt <= 0) continue;
    bytes += Math.max(0, c.heapEndBytes - prev.heapLiveBytes);
    sec += dt;
  }
  return sec > 0 ? bytes / sec : 0;
}

/** Cycles per second in steady state: cycle starts over the time they span. */
function cyclesPerSec(cycles: GcCycle[]): number {
  if (cycles.length < 2) return 0;
  const dt = cycles[cycles.length - 1]!.startSec - cycles[0]!.startSec;
  return dt > 0 ? (cycles.length - 1) / dt : 0;
}

export function diagnose(trace: ParsedTrace): GcSummary {
  const all = trace.cycles;
  if (all.length === 0) throw new Error('diagnose needs at least one GC cycle');
  const steady = steadyCycles(all);
  const first = all[0]!;
  const last = all[all.length - 1]!;
  const spanSec = Math.max(cycleEndSec(last) - first.startSec, 1e-3);
  const procs = last.procs;
  // GC CPU is measured over whole GC periods, like cycles/s: the cycles from the first steady
  // one up to (not including) the last, over the time from the first's start to the last's.
  // Counting the last cycle's CPU but only its mark's time overstated short traces by about
  // n/(n-1) (+20% with 6 cycles). Idle workers are counted: the idle/background split shifts
  // with how busy the Ps are, their sum tracks the mark work (docs/gc.md, "GC CPU").
  // The STW phases count at their median per cycle: gctrace's STW figures (clock x Ps) include
  // the time spent stopping the world, waiting for every P to reach a safe point, which
  // /cpu/classes/gc/pause leaves out (those Ps are still running the program) and which a busy
  // OS stretches by tens of ms when it has a thread descheduled.
  const periods = steady.length >= 2 ? steady.slice(0, -1) : steady;
  const cpu = { background: 0, assist: 0, idle: 0, stw: periods.length * stwCpuMsPerCycle(periods) };
  for (const c of periods) {
    cpu.background += c.cpuMs.background;
    cpu.assist += c.cpuMs.assist;
    cpu.idle += c.cpuMs.idle;
  }
  const steadySpan = steady.length >= 2 ? steady[steady.length - 1]!.startSec - steady[0]!.startSec : cycleEndSec(last) - steady[0]!.startSec;
  const avail = Math.max(steadySpan, 1e-3) * 1000 * procs;
  const pct = (ms: number) => (100 * ms) / avail;
  const pauses = all.flatMap((c) => [c.clockMs.sweepTermination, c.clockMs.markTermination]).sort((a, b) => a - b);
  const lives = all.map((c) => c.heapLiveBytes);
  const peaks = steady.map((c) => c.heapEndBytes).sort((a, b) => a - b);
  const goalRatios: number[] = [];
  for (let i = 1; i < steady.length; i++) {
    const prevLive = steady[i - 1]!.heapLiveBytes;
    if (prevLive > 0) goalRatios.push(steady[i]!.heapGoalBytes / prevLive);
  }
  // The start-up ramp (the live set being built) is growth too, but not a leak.
  const trend = slope(
    steady.map((c) => c.startSec),
    steady.map((c) => c.heapLiveBytes),
  );
  const leakSuspected = isLeak(steady, trend, cycleEndSec(last) - steady[0]!.startSec);
  const s: GcSummary = {
    cycles: all.length,
    processes: Math.max(trace.processes, 1),
    lines: { first: first.line, last: last.line },
    forcedCycles: all.filter((c) => c.forced).length,
    spanSec,
    procs,
    cyclesPerSec: cyclesPerSec(steady.length >= 2 ? steady : all),
    gcCpuPercent: pct(cpu.background + cpu.assist + cpu.idle + cpu.stw),
    backgroundCpuPercent: pct(cpu.background),
    assistCpuPercent: pct(cpu.assist),
    idleCpuPercent: pct(cpu.idle),
    runtimeCpuPercent: last.cumulativeCpuPercent,
    pauseMs: { count: pauses.length, p50: quantile(pauses, 0.5), p99: quantile(pauses, 0.99), max: pauses[pauses.length - 1] ?? 0 },
    liveHeapBytes: { first: first.heapLiveBytes, last: last.heapLiveBytes, mean: mean(lives), max: Math.max(...lives) },
    peakHeapBytes: { median: quantile(peaks, 0.5), max: peaks[peaks.length - 1] ?? 0 },
    heapGoalBytes: { mean: mean(steady.map((c) => c.heapGoalBytes)) },
    goalOverLive: mean(goalRatios),
    rootsBytes: last.stacksBytes + last.globalsBytes,
    allocBytesPerSec: allocRate(steady.length >= 2 ? steady : all),
    liveTrendBytesPerSec: trend,
    leakSuspected,
    findings: [],
  };
  s.findings = findings(s);
  return s;
}

/**
 * A leak suspect: the live heap after collection keeps rising. A steady service's live heap
 * wobbles around a level; one whose last quarter never comes back down to its first quarter's
 * level, with a slope that adds at least 20% over the trace, is growing.
 */
function isLeak(cycles: GcCycle[], trend: number, spanSec: number): boolean {
  if (cycles.length < 8 || trend <= 0) return false;
  const q = Math.floor(cycles.length / 4);
  const firstQ = cycles.slice(0, q).map((c) => c.heapLiveBytes);
  const lastQ = cycles.slice(cycles.length - q).map((c) => c.heapLiveBytes);
  const meanLive = cycles.reduce((a, c) => a + c.heapLiveBytes, 0) / cycles.length;
  return Math.min(...lastQ) > Math.max(...firstQ) && trend * spanSec > 0.2 * meanLive;
}

function findings(s: GcSummary): string[] {
  const f: string[] = [];
  if (s.leakSuspected) {
    f.push(`suspected leak: the live heap grows ${mib(s.liveTrendBytesPerSec)}/s (${mib(s.liveHeapBytes.first)} -> ${mib(s.liveHeapBytes.last)}) and never returns`);
  }
  if (s.forcedCycles > 0) {
    f.push(`${s.forcedCycles} forced cycle(s): runtime.GC() or debug.FreeOSMemory() ran full collections outside the pacer`);
  }
  if (s.assistCpuPercent > 5) {
    f.push(`mark assists take ${s.assistCpuPercent.toFixed(1)}% of CPU: allocating goroutines are slowed to help the GC (allocate less, or raise GOGC)`);
  }
  if (s.gcCpuPercent > 25) f.push(`GC takes ${s.gcCpuPercent.toFixed(1)}% of CPU`);
  return f;
}

export function mib(bytes: number): string {
  return `${(bytes / (1 << 20)).toFixed(1)} MiB`;
}
