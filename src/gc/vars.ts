// Importer for expvar's /debug/vars JSON (the "memstats" object is runtime.MemStats), the
// snapshot a service exposes without a restart. It complements a gctrace: totals since start
// (allocations, cycles, GC CPU) and the runtime's own pause ring (PauseNs, the last 256 cycles).
import { quantile } from './stats.js';

export interface VarsSummary {
  numGC: number;
  forcedGC: number;
  /** runtime.MemStats.GCCPUFraction, as a percent of available CPU since start. */
  gcCpuPercent: number;
  heapAllocBytes: number;
  heapInuseBytes: number;
  heapIdleBytes: number;
  heapReleasedBytes: number;
  heapSysBytes: number;
  /** Everything the runtime obtained from the OS. */
  sysBytes: number;
  stackInuseBytes: number;
  /**
   * Go memory besides heap objects and free heap pages that GOMEMLIMIT counts (stacks, runtime
   * metadata, free slots in in-use spans): mappedReady - heapFree - heapAlloc in
   * mgcpacer.go's memoryLimitHeapGoal, i.e. (Sys - HeapReleased) - (HeapIdle - HeapReleased) - HeapAlloc.
   */
  nonHeapBytes: number;
  nextGCBytes: number;
  totalAllocBytes: number;
  liveObjects: number;
  /** Stop-the-world time per cycle from the PauseNs ring (both pauses of a cycle together). */
  pauseMs: { count: number; p50: number; p99: number; max: number };
}

export class VarsError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const needed = ['HeapAlloc', 'HeapInuse', 'HeapIdle', 'HeapReleased', 'HeapSys', 'Sys', 'StackInuse', 'NextGC', 'TotalAlloc', 'HeapObjects', 'NumGC', 'NumForcedGC', 'GCCPUFraction', 'PauseNs'] as const;

export function parseVars(text: string): VarsSummary {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    // V8 says "... at position N" (and sometimes "(line L column C)"); turn it into a line.
    const msg = (e as Error).message;
    const at = errorPosition(text, msg);
    const line = at === undefined ? 1 : text.slice(0, at).split('\n').length;
    throw new VarsError(`not JSON: ${msg.replace(/^.*?: /, '').split('\n')[0]}`, line);
  }
  const ms = (doc as { memstats?: Record<string, unknown> } | null)?.memstats;
  if (!ms || typeof ms !== 'object') throw new VarsError('no "memstats" object: expected the JSON of /debug/vars (expvar)', 1);
  for (const k of needed) {
    const v = ms[k];
    if (k === 'PauseNs' ? !Array.isArray(v) || v.some((x) => typeof x !== 'number') : typeof v !== 'number') {
      throw new VarsError(`memstats.${k} is missing or not ${k === 'PauseNs' ? 'an array of numbers' : 'a number'}`, lineOf(text, `"${k}"`));
    }
  }
  const n = (k: (typeof needed)[number]) => ms[k] as number;
  const numGC = n('NumGC');
  const ring = ms.PauseNs as number[];
  // Only the slots of cycles that ran: the ring holds min(NumGC, 256) of them.
  const pauses = ring.slice(0, Math.min(numGC, ring.length)).map((ns) => ns / 1e6).sort((a, b) => a - b);
  return {
    numGC,
    forcedGC: n('NumForcedGC'),
    gcCpuPercent: n('GCCPUFraction') * 100,
    heapAllocBytes: n('HeapAlloc'),
    heapInuseBytes: n('HeapInuse'),
    heapIdleBytes: n('HeapIdle'),
    heapReleasedBytes: n('HeapReleased'),
    heapSysBytes: n('HeapSys'),
    sysBytes: n('Sys'),
    stackInuseBytes: n('StackInuse'),
    nonHeapBytes: n('Sys') - n('HeapIdle') - n('HeapAlloc'),
    nextGCBytes: n('NextGC'),
    totalAllocBytes: n('TotalAlloc'),
    liveObjects: n('HeapObjects'),
    pauseMs: { count: pauses.length, p50: quantile(pauses, 0.5), p99: quantile(pauses, 0.99), max: pauses[pauses.length - 1] ?? 0 },
  };
}

/**
 * Where JSON.parse failed. Newer V8 says "at position N"; Node 20's says only
 * `Unexpected token 'x', ..."<context>"... is not valid JSON`, where the context is the 10
 * characters either side of the error (cut with "..." when longer), so find it in the text.
 */
function errorPosition(text: string, msg: string): number | undefined {
  const pos = /position (\d+)/.exec(msg);
  if (pos) return Number(pos[1]);
  const ctx = /(\.\.\.)?"([\s\S]*?)"(\.\.\.)? is not valid JSON$/.exec(msg);
  if (!ctx) return undefined;
  const start = text.indexOf(ctx[2]!);
  if (start < 0) return undefined;
  if (ctx[1]) return start + 10;
  const token = /Unexpected token '(.)'/.exec(msg)?.[1];
  return token ? start + Math.max(0, ctx[2]!.indexOf(token)) : start;
}

function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  return i < 0 ? 1 : text.slice(0, i).split('\n').length;
}
