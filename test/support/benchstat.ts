// benchstat, the reference for `heapwise bench compare`, pinned and installed like fieldalignment
// (into node_modules/.cache/heapwise-tools, once per Go version).
import { ensureGoTool, type InstalledTool } from './tools.js';

/** golang.org/x/perf has no tags: a pseudo-version pins the benchstat whose source heapwise follows. */
export const BENCHSTAT_MODULE = 'golang.org/x/perf';
export const BENCHSTAT_PACKAGE = 'golang.org/x/perf/cmd/benchstat';
export const BENCHSTAT_VERSION = 'v0.0.0-20260908200009-22c9c6c9d4da';

export function ensureBenchstat(): Promise<InstalledTool> {
  return ensureGoTool('benchstat', BENCHSTAT_PACKAGE, BENCHSTAT_MODULE, BENCHSTAT_VERSION);
}
