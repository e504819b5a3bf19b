// The Report value: everything one run found. Reporters are pure functions of it.
import type { Finding } from './finding.js';

export interface FieldLayout {
  name: string;
  /** The field's type as written in the source. */
  type: string;
  offset: number;
  size: number;
  align: number;
}

/** One struct type that was analysed, flagged or not. */
export interface StructInfo {
  package: string;
  /** The declared type name, or `struct` for an anonymous struct type. */
  name: string;
  file: string;
  /** Position of the `struct` keyword (where fieldalignment reports too). */
  line: number;
  column: number;
  size: number;
  optimalSize: number;
  /** Leading bytes that may hold pointers: what the GC scans in each object. */
  ptrBytes: number;
  optimalPtrBytes: number;
  align: number;
  /** Allocator size classes of the current and optimal sizes (undefined above 32 KiB). */
  sizeClass?: number;
  optimalSizeClass?: number;
  fields: FieldLayout[];
  optimalOrder: string[];
  /** Set when a size cannot be known; the figures above are then 0. */
  unknown?: string;
  /** Set when the layout is fixed on purpose; such structs are never flagged. */
  layoutFixed?: string;
}

export interface RunStats {
  packages: number;
  files: number;
  /** Bytes of Go source in the analysed packages. */
  bytes: number;
  /**
   * `all`: every file was parsed whole to find syntax errors. `declarations`: above 8 MB only
   * the parsed declarations were checked (function bodies without struct types were skimmed).
   */
  syntaxChecked: 'all' | 'declarations';
  structs: number;
  unknownStructs: number;
  elapsedMs: number;
}

export interface ProfileTreeNode {
  name: string;
  file: string;
  line: number;
  inline: boolean;
  flat: number;
  cum: number;
  /** With a base profile: this frame's cum minus the base's, along the same call path. */
  delta?: number;
  children: ProfileTreeNode[];
}

/** A profile's call tree and top rows, for the HTML report (analyze --profile). */
export interface ProfileEvidence {
  sampleType: string;
  unit: string;
  total: number;
  tree: ProfileTreeNode;
  /** The top rows; with a base profile, of the difference (pprof -top -diff_base). */
  top: { name: string; file: string; line: number; flat: number; flatPercent: number; cum: number; cumPercent: number }[];
  /** The base profile given with --profile-base, and the total difference from it. */
  base?: { name: string; delta: number };
}

/** A GC trace for the HTML report (analyze --gc-trace): cycles, diagnosis, what-if. */
export interface GcEvidence {
  file: string;
  cycles: { startSec: number; endSec: number; heapStart: number; heapEnd: number; live: number; goal: number; cpuPercent: number; forced: boolean }[];
  summary: {
    cyclesPerSec: number;
    gcCpuPercent: number;
    assistCpuPercent: number;
    backgroundCpuPercent: number;
    pauseMs: { count: number; p50: number; p99: number; max: number };
    allocBytesPerSec: number;
    leakSuspected: boolean;
    findings: string[];
  };
  /** The GOGC the trace ran with, inferred from its heap goals. */
  gogc: number;
  whatIf: { gogc: number | null; cyclesPerSec: number; peakHeapBytes: number | null; gcCpuPercent: number }[];
}

export interface Report {
  version: string;
  tool: 'heapwise';
  goVersion: string;
  /** Module path (`std` for the standard library). */
  module: string;
  /** Absolute module root; file paths in findings are relative to it. */
  root: string;
  arch: string;
  findings: Finding[];
  structs: StructInfo[];
  stats: RunStats;
  /** The GC trace given with --gc-trace, for the HTML report. */
  gc?: GcEvidence;
  /** The profile given with --profile: flame graph and top, for the HTML report. */
  profile?: ProfileEvidence;
  /** What the run could not do, in a sentence each (e.g. compiler evidence missing). */
  notes?: string[];
  /** Significant bytes/allocs-per-op regressions between two benchmark runs (analyze --bench-base --bench). */
  benchmarks?: BenchRegression[];
  /** The whole comparison of the two benchmark runs (analyze --bench-base --bench), as benchstat prints it. */
  benchComparison?: BenchComparison;
  /**
   * The structs laid out for other GOARCHes too (analyze's `layoutArches`, for the HTML report's
   * arch selector): each list exactly as `analyze --arch <name>` gives it, files chosen for that arch.
   */
  archStructs?: Record<string, StructInfo[]>;
}

/** benchstat's tables for two runs: one per configuration and unit, in benchstat's order. */
export interface BenchComparison {
  /** The two inputs, as benchstat heads their columns. */
  old: string;
  new: string;
  tables: BenchTable[];
}

export interface BenchTable {
  unit: string;
  /** Configuration values that identify the table (goos, goarch, pkg, cpu...). */
  config: [string, string][];
  /** 1 when higher is better (B/s), -1 when lower is (time, bytes, allocations), 0 when declared neither. */
  better: number;
  rows: BenchRow[];
  /** benchstat's geomean row, printed for tables of more than one row. */
  geomean?: { old: string | null; new: string | null; delta: string | null };
}

export interface BenchRow {
  name: string;
  /** The cells exactly as benchstat prints them ("46.55n ± 9%"); null where a side is missing. */
  old: string | null;
  new: string | null;
  /** "-4.62%", "~" when not significant, "?"; null when there is nothing to compare. */
  delta: string | null;
  /** "p=0.008 n=10" */
  note: string | null;
  /** Unformatted, for sorting: the medians and (new/old - 1) * 100. */
  oldMedian: number | null;
  newMedian: number | null;
  deltaPercent: number | null;
  pValue: number | null;
  significant: boolean;
  warnings: string[];
}

/** A statistically significant increase of B/op or allocs/op, joined to the code it runs. */
export interface BenchRegression {
  /** As benchstat names the row, e.g. ParseLine-8. */
  name: string;
  pkg?: string;
  unit: string;
  old: number;
  new: number;
  deltaPercent: number;
  pValue: number | null;
  /** Whether the benchmark's code could be followed; false: heapwise cannot tell what it exercises. */
  traced: boolean;
  /** How many functions of the module it was followed into. */
  reaches: number;
}
