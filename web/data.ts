// The data the report page is built from, embedded in the file as JSON.
import type { Finding } from '../src/core/finding.js';
import type { BenchComparison, GcEvidence, ProfileEvidence, Report, StructInfo } from '../src/core/report.js';
import type { PackedArchLayouts } from '../src/report/arch-layouts.js';

export interface Rule {
  id: string;
  title: string;
  doc: string;
  severity: string;
}

export interface ReportData {
  version: string;
  goVersion: string;
  module: string;
  arch: string;
  generated: string;
  findings: Finding[];
  structs: StructInfo[];
  stats: { packages: number; files: number; structs: number; unknownStructs: number; elapsedMs: number };
  rules: Rule[];
  profile?: ProfileEvidence;
  gc?: GcEvidence;
  benchmarks?: Report['benchmarks'];
  /** benchstat's tables for the two benchmark runs, cells formatted. */
  benchComparison?: BenchComparison;
  /** The structs on the other arches, only where they differ from `arch` (src/report/arch-layouts.ts). */
  archLayouts?: PackedArchLayouts;
  /** Source text of the files that have findings, by path relative to the module root. */
  sources: Record<string, string>;
}

export function loadData(): ReportData {
  const el = document.getElementById('heapwise-data');
  return JSON.parse(el?.textContent ?? '{}') as ReportData;
}

/**
 * What a finding costs, for ranking until profiles measure it: heap bytes per object first (the
 * allocator's size class saved), then bytes per instance, then bytes the GC scans.
 */
export function costOf(f: Finding): number {
  const d = f.data as
    | { wasteBytes?: number; savedBytes?: number; ptrBytes?: number; optimalPtrBytes?: number; profile?: Record<string, { cum: number }> }
    | undefined;
  if (!d) return 0;
  // Measured bytes (analyze --profile) outrank every estimate.
  const measured = d.profile?.alloc_space?.cum ?? d.profile?.space?.cum ?? d.profile?.inuse_space?.cum;
  if (measured !== undefined) return 1e15 + measured;
  return (d.wasteBytes ?? 0) * 1e6 + (d.savedBytes ?? 0) * 1e3 + ((d.ptrBytes ?? 0) - (d.optimalPtrBytes ?? 0));
}
