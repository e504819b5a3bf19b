// The GC guide's cost model, fitted to one trace, predicting other GOGC/GOMEMLIMIT settings.
//
// Heap target = live + (live + roots) * GOGC/100, capped by the memory limit's heap goal. The
// pacer starts a cycle before the goal (the trigger) so that marking, which runs concurrently
// while the program keeps allocating, ends near the goal; the trigger is clamped to 0.7-0.95 of
// the runway (runtime/mgcpacer.go). So one cycle lasts
//   (trigger - live) / allocation rate between cycles + mark time
// and the heap peaks at trigger + bytes allocated while marking. Marking slows allocation
// (assists, write barriers), so the two rates are fitted separately: using one rate overstates
// cycles at low GOGC (CATALOG section 1). GC CPU per cycle = STW cost + mark cost proportional
// to the scanned heap (live + roots), calibrated from the trace's own CPU figures.
import { cycleEndSec, heapMinimumAt100, impliedGogc, type GcCycle, type ParsedTrace } from './trace.js';
import { steadyCycles, stwCpuMsPerCycle } from './diagnose.js';
import { mean, median } from './stats.js';
import type { MetricsSummary } from './metrics.js';

const MiB = 1 << 20;
const minTriggerRatio = 45 / 64; // runtime/mgcpacer.go minTriggerRatioNum / triggerRatioDen
const maxTriggerRatio = 61 / 64;
/** The memory limit's heap goal keeps 3% headroom (memoryLimitHeapGoalHeadroomPercent). */
const limitHeadroom = 0.03;
/** GOMEMLIMIT's CPU limiter caps GC at about half of the CPU (gcCPULimiter). */
export const cpuCapPercent = 50;

export interface GcModel {
  gogc: number;
  procs: number;
  liveBytes: number;
  rootsBytes: number;
  /** Bytes the pacer keeps between trigger and goal for allocation during marking. */
  pacerReserveBytes: number;
  allocBytesPerSec: number;
  /** Allocation rate while marking (lower: assists and write barriers slow the program). */
  markAllocBytesPerSec: number;
  markSec: number;
  stwCpuMsPerCycle: number;
  /** Mark CPU (assist + background + idle) per cycle, per byte of scanned heap. */
  markCpuMsPerScannedByte: number;
  /** Go memory that is not heap (stacks, runtime metadata), counted against GOMEMLIMIT. */
  nonHeapBytes: number;
}

export interface Prediction {
  /** null = off. */
  gogc: number | null;
  memoryLimit: number | null;
  cyclesPerSec: number;
  /** null = unbounded (GOGC=off without a limit grows the heap for as long as it runs). */
  peakHeapBytes: number | null;
  /** Peak heap plus the non-heap Go memory. */
  totalMemoryBytes: number | null;
  gcCpuPercent: number;
  /** The heap goal comes from the memory limit rather than GOGC. */
  limitBound: boolean;
  /** The limit is at or under what the live heap needs: the GC runs back to back at the CPU cap. */
  cpuCapped: boolean;
}

/**
 * Fits the model; `gogc` is the setting the trace ran with (inferred from goal/live when absent).
 * Several traces of the same program and setting are pooled (their steady cycles together).
 */
export function fitModel(traces: ParsedTrace | ParsedTrace[], gogc?: number): GcModel {
  const list = Array.isArray(traces) ? traces : [traces];
  const runs = list.map((t) => steadyCycles(t.cycles));
  const cycles = runs.flat();
  const total = list.reduce((n, t) => n + t.cycles.length, 0);
  if (cycles.length < 3) throw new Error(`the model needs at least 3 GC cycles after start-up; the trace has ${total}`);
  const pairs: Array<[GcCycle, GcCycle]> = [];
  for (const run of runs) for (let i = 1; i < run.length; i++) pairs.push([run[i - 1]!, run[i]!]);
  const live = mean(cycles.map((c) => c.heapLiveBytes));
  const roots = mean(cycles.map((c) => c.stacksBytes + c.globalsBytes));
  // Under 4 MiB of live heap the goal is the runtime's minimum (4 MiB x GOGC/100) for any GOGC
  // up to about 100, and gctrace's whole MB leave the live heap at 0-3: the goal no longer
  // says what GOGC is (a benchmark binary's trace came out at GOGC=Infinity).
  if (gogc === undefined && live < heapMinimumAt100) throw new GogcUnknown(live);
  const inferred = mean(pairs.map(([p, c]) => impliedGogc(p, c)));
  // Between cycles: from the end of one mark to the start of the next, the heap grows from live.
  let between = 0;
  let betweenSec = 0;
  for (const [p, c] of pairs) {
    const dt = c.startSec - cycleEndSec(p);
    if (dt <= 0) continue;
    between += Math.max(0, c.heapStartBytes - p.heapLiveBytes);
    betweenSec += dt;
  }
  // Per-cycle figures use the median: on a busy machine one cycle whose mark worker was
  // descheduled shows a mark several times longer, and a mean lets it skew every prediction.
  const markSec = median(cycles.map((c) => (c.clockMs.sweepTermination + c.clockMs.mark + c.clockMs.markTermination) / 1000));
  const markBytes = median(cycles.map((c) => Math.max(0, c.heapEndBytes - c.heapStartBytes)));
  // A forced cycle (runtime.GC, as testing's benchmarks call it) starts wherever the heap is,
  // not at the pacer's trigger.
  const reserve = median(pairs.filter(([, c]) => !c.forced).map(([, c]) => c.heapGoalBytes - c.heapStartBytes));
  // GC CPU per cycle is a mean, because the GC CPU share it predicts is a sum over cycles
  // (diagnose's gcCpuPercent, the runtime's /cpu/classes/gc). Cycles whose mark took over 3x
  // the median mark time are left out: the runtime counts a worker's wall time while it holds
  // a P, so one whose thread the OS descheduled on a busy machine shows a long mark and a CPU
  // figure several times the work done (measured: such cycles were 2-8% of a run on the 2-vCPU
  // test machine and moved a run's mean by up to 30%).
  const usualMark = median(cycles.map((x) => x.clockMs.mark));
  const markPerByte = (run: GcCycle[]) => {
    const usual = run.filter((c) => c.clockMs.mark <= 3 * usualMark);
    const scanned = mean(run.map((c) => c.heapLiveBytes + c.stacksBytes + c.globalsBytes));
    return mean(usual.map((c) => c.cpuMs.assist + c.cpuMs.background + c.cpuMs.idle)) / Math.max(scanned, 1);
  };
  // Several traces: the median of each run's own figure, not a mean over their pooled cycles.
  // A run on a busy stretch of the machine costs 30-50% more per cycle throughout (seen: two
  // of seven identical GOGC=100 runs at 4.8% GC CPU among five at 3.0-3.7%), and pooling let
  // those two lift the fit by 10% over what most runs, and the runs it is checked against, show.
  const perRun = runs.filter((r) => r.length > 0).map(markPerByte);
  // STW at its median, as diagnose counts it (the time spent stopping the world is not GC work).
  const stw = stwCpuMsPerCycle(cycles);
  return {
    gogc: gogc ?? Math.round(inferred),
    procs: cycles[cycles.length - 1]!.procs,
    liveBytes: live,
    rootsBytes: roots,
    pacerReserveBytes: Math.max(0, reserve),
    allocBytesPerSec: betweenSec > 0 ? between / betweenSec : 0,
    markAllocBytesPerSec: markSec > 0 ? markBytes / markSec : 0,
    markSec,
    stwCpuMsPerCycle: stw,
    markCpuMsPerScannedByte: median(perRun),
    nonHeapBytes: estimatedNonHeap(roots, live),
  };
}

/** A trace that does not say its GOGC: the caller must give it (gc whatif --gogc). */
export class GogcUnknown extends Error {
  /** Why, without what to do about it: callers without a --gogc word that part themselves. */
  readonly reason: string;
  constructor(liveBytes: number) {
    const reason = `cannot infer GOGC: the live heap is ${(liveBytes / MiB).toFixed(1)} MiB, where the runtime's minimum heap goal (4 MiB x GOGC/100) and the trace's whole MB hide it`;
    super(`${reason}; give --gogc`);
    this.reason = reason;
  }
}

/**
 * Memory counted against a limit besides the heap, when nothing measured it. The limit's heap
 * goal subtracts mappedReady - heapFree - heapAlloc (mgcpacer.go memoryLimitHeapGoal): stacks,
 * runtime metadata, and free slots in in-use spans, which grow with the heap. 4 MiB + 10% of
 * live matched the workload's real goals under 56 and 64 MiB limits (7.4 MiB); it is an
 * estimate, tuned on that one program.
 */
function estimatedNonHeap(rootsBytes: number, liveBytes: number): number {
  return rootsBytes + 4 * MiB + 0.1 * liveBytes;
}

/**
 * The model from runtime/metrics snapshots (two or more, over a stretch of steady running).
 * They give the live heap, roots, allocation rate, cycles and GC CPU, but not how long a mark
 * takes or where the pacer triggered: the trigger is taken as the heap growth per cycle
 * (allocation rate / cycles per second) and the mark as instantaneous, so a predicted peak
 * heap misses what is allocated while marking (a few percent of the runway in the workload).
 */
export function modelFromMetrics(s: MetricsSummary): GcModel {
  if (s.snapshots < 2 || s.spanSec <= 0) throw new Error('the model needs two or more runtime/metrics snapshots with /cpu/classes/total:cpu-seconds and /sched/gomaxprocs:threads (for the time between them)');
  if (s.cycles < 2) throw new Error(`the model needs GC cycles between the snapshots; there were ${s.cycles}`);
  if (s.gogc === null) throw new Error('the snapshots come from a run with GOGC=off: there is no pacing to fit');
  const scanned = s.liveHeapBytes + s.rootsBytes;
  const runway = (scanned * s.gogc) / 100;
  const trigger = s.allocBytesPerSec / s.cyclesPerSec;
  return {
    gogc: s.gogc,
    procs: s.procs,
    liveBytes: s.liveHeapBytes,
    rootsBytes: s.rootsBytes,
    pacerReserveBytes: Math.max(0, runway - trigger),
    allocBytesPerSec: s.allocBytesPerSec,
    markAllocBytesPerSec: s.allocBytesPerSec,
    markSec: 0,
    stwCpuMsPerCycle: s.pauseCpuMsPerCycle,
    markCpuMsPerScannedByte: (s.gcCpuMsPerCycle - s.pauseCpuMsPerCycle) / Math.max(scanned, 1),
    nonHeapBytes: s.nonHeapBytes ?? estimatedNonHeap(s.rootsBytes, s.liveHeapBytes),
  };
}

/** GOGC=off without a limit never collects: the heap after `sec` seconds of allocation. */
export function heapWithoutGc(m: GcModel, startBytes: number, sec: number): number {
  return startBytes + m.allocBytesPerSec * sec;
}

export function predict(m: GcModel, gogc: number | null, memoryLimit: number | null): Prediction {
  const scanned = m.liveBytes + m.rootsBytes;
  const cpuPerCycleMs = m.stwCpuMsPerCycle + m.markCpuMsPerScannedByte * scanned;
  const markBytes = m.markAllocBytesPerSec * m.markSec;
  // The GOGC goal is never under the heap minimum (mgcpacer.go: gcPercentHeapGoal).
  const gogcRunway = gogc === null ? Infinity : Math.max((scanned * gogc) / 100, (heapMinimumAt100 * gogc) / 100 - m.liveBytes);
  const limitGoal = memoryLimit === null ? Infinity : (memoryLimit - m.nonHeapBytes) * (1 - limitHeadroom);
  const limitRunway = limitGoal - m.liveBytes;
  const limitBound = limitRunway < gogcRunway;
  const runway = Math.min(gogcRunway, limitRunway);
  const base = { gogc, memoryLimit, limitBound };
  if (runway === Infinity) {
    return { ...base, cyclesPerSec: 0, peakHeapBytes: null, totalMemoryBytes: null, gcCpuPercent: 0, cpuCapped: false };
  }
  if (runway <= markBytes || m.allocBytesPerSec <= 0) {
    // No room to allocate between cycles: marking runs back to back and the limiter caps GC CPU,
    // so the heap overshoots the limit by what is allocated during a mark.
    const cycles = 1 / Math.max(m.markSec, 1e-4);
    const cpu = Math.min(cpuCapPercent, (cycles * cpuPerCycleMs) / (10 * m.procs));
    const peak = m.liveBytes + markBytes;
    return { ...base, cyclesPerSec: cycles, peakHeapBytes: peak, totalMemoryBytes: peak + m.nonHeapBytes, gcCpuPercent: cpu, cpuCapped: true };
  }
  const trigger = clamp(runway - m.pacerReserveBytes, minTriggerRatio * runway, maxTriggerRatio * runway);
  const periodSec = trigger / m.allocBytesPerSec + m.markSec;
  const cycles = 1 / periodSec;
  const peak = m.liveBytes + trigger + markBytes;
  // gcCpuPercent is of all Ps: ms per cycle * cycles per second / (1000 ms * procs) * 100.
  const cpu = (cycles * cpuPerCycleMs) / (10 * m.procs);
  return { ...base, cyclesPerSec: cycles, peakHeapBytes: peak, totalMemoryBytes: peak + m.nonHeapBytes, gcCpuPercent: Math.min(cpu, memoryLimit === null ? 100 : cpuCapPercent), cpuCapped: false };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(Math.max(x, lo), hi);
}

export const gogcGrid: Array<number | null> = [null, 25, 50, 100, 200, 400];

export function whatIf(m: GcModel, memoryLimit: number | null): Prediction[] {
  return gogcGrid.map((g) => predict(m, g, memoryLimit));
}

export interface Recommendation {
  gogc: number | null;
  memoryLimitBytes: number;
  prediction: Prediction;
  /** Which constraint decided: the memory, the CPU budget, or neither. */
  binding: 'memory' | 'cpu' | 'none';
  reason: string;
}

/**
 * Spend the memory to save CPU: GOMEMLIMIT at 90% of the container (the rest is for non-Go
 * memory and the limit's overshoot), then the GOGC with the least GC CPU whose heap fits.
 */
export function recommend(m: GcModel, memoryBytes: number, cpuBudgetPercent: number): Recommendation {
  const limit = Math.floor(memoryBytes * 0.9);
  const options = gogcGrid.map((g) => predict(m, g, limit));
  const fits = options.filter((p) => !p.cpuCapped && p.totalMemoryBytes !== null && p.totalMemoryBytes <= memoryBytes);
  const byCpu = (a: Prediction, b: Prediction) => a.gcCpuPercent - b.gcCpuPercent || (a.gogc ?? Infinity) - (b.gogc ?? Infinity);
  if (fits.length === 0) {
    const p = options.slice().sort(byCpu)[0]!;
    return { gogc: p.gogc, memoryLimitBytes: limit, prediction: p, binding: 'memory', reason: `the live heap (${mibs(m.liveBytes)}) does not fit in ${mibs(memoryBytes)} with room to collect: the GC would run at its CPU cap; give the service more memory or shrink its live heap` };
  }
  const best = fits.slice().sort(byCpu)[0]!;
  const name = best.gogc === null ? 'GOGC=off' : `GOGC=${best.gogc}`;
  if (best.gcCpuPercent > cpuBudgetPercent) {
    return { gogc: best.gogc, memoryLimitBytes: limit, prediction: best, binding: 'cpu', reason: `no setting keeps GC CPU under ${cpuBudgetPercent}% within ${mibs(memoryBytes)}; ${name} is the cheapest (${best.gcCpuPercent.toFixed(1)}%): allocate less or give it more memory` };
  }
  if (best.limitBound) {
    return { gogc: best.gogc, memoryLimitBytes: limit, prediction: best, binding: 'memory', reason: `the memory limit sets the pace: ${name} with GOMEMLIMIT=${mibs(limit)} uses the memory to cut GC CPU to ${best.gcCpuPercent.toFixed(1)}%` };
  }
  return { gogc: best.gogc, memoryLimitBytes: limit, prediction: best, binding: 'none', reason: `${name} keeps the heap under the limit with GC CPU ${best.gcCpuPercent.toFixed(1)}%; GOMEMLIMIT is a safety net` };
}

function mibs(b: number): string {
  return `${Math.round(b / (1 << 20))}MiB`;
}
