// Parser for the Go runtime's GODEBUG=gctrace=1 output (runtime/mgc.go gcMarkTermination and
// runtime/mgcscavenge.go printScavTrace, Go 1.26):
//
//   gc N @T.TTTs P%: a+b+c ms clock, d+e/f/g+h ms cpu, X->Y->Z MB, G MB goal, S MB stacks, L MB globals, P P (forced)
//   scav B KiB work (bg), E KiB work (eager), R KiB now, U% util (forced)|[controller reset]
//
// "MB" there is MiB (the runtime prints bytes>>20), so sizes are converted with 2^20. Traces
// arrive mixed with the program's own stderr, so lines that do not start like a GC line are
// skipped; a line that starts like one ("gc 12 @") but does not parse is reported with its line
// number rather than guessed at. Older runtimes' "scvg" lines are counted but not parsed.
import { median } from './stats.js';

const MiB = 1 << 20;
const KiB = 1 << 10;

/**
 * The runtime's minimum heap goal at GOGC=100 (mgcpacer.go's defaultHeapMinimum), scaled by
 * GOGC/100: no GOGC goal is below it.
 */
export const heapMinimumAt100 = 4 * MiB;

export interface GcCycle {
  /** 1-based line number in the input. */
  line: number;
  /** The runtime's cycle number (memstats.numgc). */
  cycle: number;
  /** Seconds since the program started, at the start of the cycle (sweep termination). */
  startSec: number;
  /** Cumulative share of available CPU spent in GC since program start, in percent (truncated). */
  cumulativeCpuPercent: number;
  /** Wall-clock milliseconds: sweep termination STW, concurrent mark, mark termination STW. */
  clockMs: { sweepTermination: number; mark: number; markTermination: number };
  /** CPU milliseconds: STW phases, and the mark split into assists, background workers and idle workers. */
  cpuMs: { sweepTermination: number; assist: number; background: number; idle: number; markTermination: number };
  /** Heap at the start of the cycle, at the end of marking, and the marked (live) heap, in bytes. */
  heapStartBytes: number;
  heapEndBytes: number;
  heapLiveBytes: number;
  heapGoalBytes: number;
  stacksBytes: number;
  globalsBytes: number;
  procs: number;
  forced: boolean;
  /** The cycle also checked for goroutine leaks (GOEXPERIMENT goroutineleakprofile). */
  leakCheck: boolean;
}

export interface ScavengeLine {
  line: number;
  backgroundBytes: number;
  eagerBytes: number;
  releasedBytes: number;
  utilPercent: number;
  forced: boolean;
  controllerReset: boolean;
}

export interface TraceIssue {
  file: string;
  line: number;
  message: string;
  /**
   * Absent for a malformed line (one cycle lost). Processes that cannot be told apart make
   * every figure after the line unreliable, so nothing is diagnosed.
   */
  kind?: 'ambiguous-processes';
}

export interface ParsedTrace {
  file: string;
  cycles: GcCycle[];
  scavenges: ScavengeLine[];
  /** Old-format "scvg" lines (Go before 1.19), counted only. */
  legacyScavengeLines: number;
  /** Lines that were not GC output (the program's own). */
  otherLines: number;
  issues: TraceIssue[];
  /**
   * How many processes' GC lines the text held (0 without any). `go run`, `go test` and other
   * programs that start Go programs pass GODEBUG=gctrace=1 on, and every process numbers its
   * cycles from 1 on its own clock; `cycles` is then the process that ran longest.
   */
  processes: number;
  /** Cycles of the other processes, left out of `cycles`. */
  otherProcessCycles: number;
}

const num = String.raw`(\d+(?:\.\d+)?)`;
const int = String.raw`(\d+)`;
const gcLine = new RegExp(
  String.raw`^gc ${int} @${num}s ${int}%( \(checking for goroutine leaks\))?: ` +
    String.raw`${num}\+${num}\+${num} ms clock, ` +
    String.raw`${num}\+${num}/${num}/${num}\+${num} ms cpu, ` +
    String.raw`${int}->${int}->${int} MB, ${int} MB goal, ${int} MB stacks, ${int} MB globals, ${int} P( \(forced\))?$`,
);
const scavLine = new RegExp(
  String.raw`^scav ${int} KiB work \(bg\), ${int} KiB work \(eager\), ${int} KiB now, ${int}% util( \(forced\)| \[controller reset\])?$`,
);
// What makes a line "meant to be" GC output: anything after this prefix must parse.
const gcStart = /^gc \d+ @/;
const scavStart = /^scav \d+ KiB/;

export function parseTrace(text: string, file: string): ParsedTrace {
  const out: ParsedTrace = { file, cycles: [], scavenges: [], legacyScavengeLines: 0, otherLines: 0, issues: [], processes: 0, otherProcessCycles: 0 };
  const lines = text.split('\n');
  let logShape: string | null | undefined;
  const consumed = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    if (consumed.has(i)) continue;
    // CRLF traces (captured on Windows or through a terminal) parse the same.
    const raw = lines[i]!.endsWith('\r') ? lines[i]!.slice(0, -1) : lines[i]!;
    if (raw === '' && i === lines.length - 1) break;
    const lineNo = i + 1;
    if (gcStart.test(raw)) {
      const m = gcLine.exec(raw);
      if (!m) {
        logShape ??= dominantShape(lines);
        const repaired = logShape ? rejoin(lines, i, logShape) : undefined;
        if (repaired) {
          out.cycles.push(toCycle(repaired.match, lineNo));
          // The log text cut out of the gc line's pieces is the program's own lines.
          out.otherLines += repaired.cuts;
          for (const j of repaired.fragments) consumed.add(j);
          continue;
        }
        out.issues.push({ file, line: lineNo, message: `malformed gctrace line: ${describe(raw)}` });
        continue;
      }
      out.cycles.push(toCycle(m, lineNo));
    } else if (scavStart.test(raw)) {
      const m = scavLine.exec(raw);
      if (!m) {
        out.issues.push({ file, line: lineNo, message: `malformed scavenger line: ${describe(raw)}` });
        continue;
      }
      out.scavenges.push({
        line: lineNo,
        backgroundBytes: Number(m[1]) * KiB,
        eagerBytes: Number(m[2]) * KiB,
        releasedBytes: Number(m[3]) * KiB,
        utilPercent: Number(m[4]),
        forced: m[5] === ' (forced)',
        controllerReset: m[5] === ' [controller reset]',
      });
    } else if (raw.startsWith('scvg')) {
      out.legacyScavengeLines++;
    } else {
      out.otherLines++;
    }
  }
  const { runs, ambiguous } = byProcess(out.cycles);
  out.processes = runs.length;
  if (ambiguous) {
    // Which series the line continues decides every figure after it: say so, never guess.
    out.issues.push({ file, line: ambiguous.line, message: `gc ${ambiguous.cycle} could continue more than one process: the GC lines of several processes are interleaved (go test runs test binaries in parallel); capture one process's output, e.g. run the test binary itself`, kind: 'ambiguous-processes' });
  }
  // Mixed into one series, two processes' cycles give nonsense (rates from interleaved clocks,
  // GC CPU summed across processes): the one that ran longest is diagnosed, and says so. Under
  // `go run` the go command and the linker collect for a fraction of a second first, and can
  // collect more often than the program does in a short run.
  if (runs.length > 1) {
    const all = out.cycles.length;
    const span = (r: GcCycle[]) => cycleEndSec(r[r.length - 1]!) - r[0]!.startSec;
    out.cycles = runs.reduce((a, b) => (span(b) > span(a) || (span(b) === span(a) && b.length > a.length) ? b : a));
    out.otherProcessCycles = all - out.cycles.length;
  }
  return out;
}

/**
 * Splits cycles into the processes that printed them. In one process the cycle numbers go up
 * (by one, unless a line is missing), a cycle starts after the previous one ended (on the
 * process's own clock, which starts at 0 like every other's) and its heap starts at or above
 * the previous one's live heap. A cycle continues the series those allow, preferring one whose
 * last cycle is the number just below; one that continues none starts a new process. When two
 * series allow it equally (two processes at the same cycle number, at compatible times and
 * heaps), the split is ambiguous and that cycle is returned.
 */
function byProcess(cycles: GcCycle[]): { runs: GcCycle[][]; ambiguous?: GcCycle } {
  const runs: GcCycle[][] = [];
  let ambiguous: GcCycle | undefined;
  // gctrace prints the start time truncated to the millisecond.
  const slackSec = 0.0015;
  for (const c of cycles) {
    const fits = runs.filter((r) => {
      const last = r[r.length - 1]!;
      return last.cycle < c.cycle && c.startSec + slackSec >= cycleEndSec(last) && c.heapStartBytes >= last.heapLiveBytes;
    });
    const next = fits.filter((r) => r[r.length - 1]!.cycle === c.cycle - 1);
    const nearest = (rs: GcCycle[][]) => {
      const top = Math.max(...rs.map((r) => r[r.length - 1]!.cycle));
      return rs.filter((r) => r[r.length - 1]!.cycle === top);
    };
    const tied = next.length > 0 ? next : fits.length > 0 ? nearest(fits) : [];
    if (tied.length === 0) {
      runs.push([c]);
      continue;
    }
    // Two series at the same number: the heap goal decides when it can. A process sets each
    // goal from the previous cycle's live heap by its own GOGC, so the cycle belongs to the
    // series whose GOGC so far gives its goal (go run: the linker's gc 5 and the program's gc 5
    // before the program's gc 6, whose 104 MB goal is GOGC=100 from the program's 52 MB).
    const byGoal = tied.length > 1 ? tied.filter((r) => goalFits(r, c)) : tied;
    if (byGoal.length !== 1) ambiguous ??= c;
    (byGoal[0] ?? tied[0]!).push(c);
  }
  return { runs, ambiguous };
}

/** GOGC as a cycle's goal implies it: (goal - previous live) / (previous live + roots). */
export function impliedGogc(prev: GcCycle, c: GcCycle): number {
  return (100 * (c.heapGoalBytes - prev.heapLiveBytes)) / Math.max(prev.heapLiveBytes + prev.stacksBytes + prev.globalsBytes, 1);
}

/**
 * Whether `c`'s goal is what the series' GOGC so far (the median over its cycles, past the
 * runtime's 4 MiB minimum heap) makes of its last live heap, within gctrace's MB rounding and
 * 10%. A series with no such history cannot tell.
 */
function goalFits(run: GcCycle[], c: GcCycle): boolean {
  const gogcs: number[] = [];
  for (let i = 1; i < run.length; i++) if (run[i]!.heapGoalBytes > heapMinimumAt100) gogcs.push(impliedGogc(run[i - 1]!, run[i]!));
  if (gogcs.length === 0) return true;
  const gogc = median(gogcs);
  const last = run[run.length - 1]!;
  const goal = last.heapLiveBytes + ((last.heapLiveBytes + last.stacksBytes + last.globalsBytes) * gogc) / 100;
  return Math.abs(goal - c.heapGoalBytes) <= 2 * MiB + 0.1 * c.heapGoalBytes;
}

function toCycle(m: RegExpExecArray, line: number): GcCycle {
  const n = (i: number) => Number(m[i]);
  return {
    line,
    cycle: n(1),
    startSec: n(2),
    cumulativeCpuPercent: n(3),
    leakCheck: m[4] !== undefined,
    clockMs: { sweepTermination: n(5), mark: n(6), markTermination: n(7) },
    cpuMs: { sweepTermination: n(8), assist: n(9), background: n(10), idle: n(11), markTermination: n(12) },
    heapStartBytes: n(13) * MiB,
    heapEndBytes: n(14) * MiB,
    heapLiveBytes: n(15) * MiB,
    heapGoalBytes: n(16) * MiB,
    stacksBytes: n(17) * MiB,
    globalsBytes: n(18) * MiB,
    procs: n(19),
    forced: m[20] !== undefined,
  };
}

/**
 * A gc line with the program's own log lines written into it. The runtime prints a gctrace line
 * in many small writes, while a log line is one write ending in a newline, so when a service
 * logs from other threads its lines land inside the gc line (seen running examples/shopsvc
 * under load):
 *   gc 13 @2.275s 0%: 0.0272026/11/23 22:56:17 shopsvc order SO-17985 created: ...
 *   2026/11/23 22:56:17 shopsvc order SO-17986 created: ...
 *   +10+0.003 ms clock, 0.054+0.069/2026/11/23 22:56:17 shopsvc order SO-17988 created: ...
 *   2.9/12+0.007 ms cpu, 29->29->16 MB, 31 MB goal, 0 MB stacks, 0 MB globals, 2 P
 * A log line is recognised by the shape most of the program's lines start with (digits and
 * letters as classes: "9999/99/99 99:99:99" for the log package's default); the gc line is put
 * back together from the pieces before each log start, across the following lines.
 */
const shapeLength = 12;
function shape(text: string): string {
  return text.slice(0, shapeLength).replace(/[0-9]/g, '9').replace(/[A-Za-z]/g, 'a');
}

/** The start shared by most of the lines that are not GC output, when there is one. */
function dominantShape(lines: string[]): string | null {
  const counts = new Map<string, number>();
  let total = 0;
  for (const l of lines) {
    if (l.length < shapeLength || gcStart.test(l) || scavStart.test(l)) continue;
    const k = shape(l);
    counts.set(k, (counts.get(k) ?? 0) + 1);
    total++;
  }
  let best: [string, number] | undefined;
  for (const e of counts) if (!best || e[1] > best[1]) best = e;
  // Only a shape with some structure (not a run of letters) that most lines share.
  return best && best[1] >= 2 && best[1] * 2 >= total && /[^a ]/.test(best[0]) ? best[0] : null;
}

/** Where a log line starts inside `line` (after position 0), or -1. */
function logStart(line: string, logShape: string): number {
  for (let p = 1; p + shapeLength <= line.length; p++) if (shape(line.slice(p)) === logShape) return p;
  return -1;
}

function rejoin(lines: string[], i: number, logShape: string): { match: RegExpExecArray; fragments: number[]; cuts: number } | undefined {
  const strip = (l: string) => (l.endsWith('\r') ? l.slice(0, -1) : l);
  const first = strip(lines[i]!);
  const cut = logStart(first, logShape);
  if (cut < 0) return undefined;
  let text = first.slice(0, cut);
  const fragments: number[] = [];
  for (let j = i + 1; j < lines.length && j <= i + 64; j++) {
    const l = strip(lines[j]!);
    if (shape(l) === logShape || gcStart.test(l) || scavStart.test(l)) continue;
    fragments.push(j);
    const p = logStart(l, logShape);
    if (p < 0) {
      const m = gcLine.exec(text + l);
      return m ? { match: m, fragments, cuts: fragments.length } : undefined;
    }
    text += l.slice(0, p);
  }
  return undefined;
}

/** Says where a GC line stops matching, so the message points at the bad field. */
function describe(line: string): string {
  const fields: Array<[string, string]> = [
    ['ms clock', 'a+b+c ms clock'],
    ['ms cpu', 'd+e/f/g+h ms cpu'],
    [' MB, ', 'X->Y->Z MB'],
    ['MB goal', 'G MB goal'],
    ['MB stacks', 'S MB stacks'],
    ['MB globals', 'L MB globals'],
    [' P', 'P P'],
  ];
  const missing = fields.find(([needle]) => !line.includes(needle));
  const shown = line.length > 120 ? `${line.slice(0, 117)}...` : line;
  return missing ? `no "${missing[1]}" field in "${shown}"` : `unexpected field format in "${shown}"`;
}

/**
 * The trace from `sec` seconds after the program started: cycles that started earlier are left
 * out (start-up, while caches fill and the live heap is still being built, is not the steady
 * state the model describes). Scavenger lines carry no time and are kept.
 */
export function fromSec(trace: ParsedTrace, sec: number): ParsedTrace {
  return sec > 0 ? { ...trace, cycles: trace.cycles.filter((c) => c.startSec >= sec) } : trace;
}

/** Seconds at which the cycle's mark termination ended (start plus the three clock phases). */
export function cycleEndSec(c: GcCycle): number {
  return c.startSec + (c.clockMs.sweepTermination + c.clockMs.mark + c.clockMs.markTermination) / 1000;
}
