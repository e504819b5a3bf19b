// What a report carries of a GC trace for the HTML view (analyze --gc-trace): the heap over
// time, the diagnosis, and the what-if table of the fitted model.
import { InputError } from '../core/errors.js';
import type { GcEvidence } from '../core/report.js';
import { diagnose } from './diagnose.js';
import { fitModel, GogcUnknown, whatIf } from './model.js';
import { loadTrace } from './load.js';
import { cycleEndSec } from './trace.js';

export async function gcEvidence(file: string): Promise<GcEvidence> {
  const trace = await loadTrace(file);
  const s = diagnose(trace);
  let model;
  try {
    model = fitModel(trace);
  } catch (e) {
    // Too few cycles, or a heap too small to tell GOGC from: one line naming the trace
    // (analyze takes no --gogc; gc whatif does).
    throw new InputError(e instanceof GogcUnknown ? `${e.reason}; heapwise gc whatif --gogc N takes it` : (e as Error).message, file);
  }
  return {
    file,
    cycles: trace.cycles.map((c) => ({
      startSec: c.startSec,
      endSec: cycleEndSec(c),
      heapStart: c.heapStartBytes,
      heapEnd: c.heapEndBytes,
      live: c.heapLiveBytes,
      goal: c.heapGoalBytes,
      cpuPercent: c.cumulativeCpuPercent,
      forced: c.forced,
    })),
    summary: {
      cyclesPerSec: s.cyclesPerSec,
      gcCpuPercent: s.gcCpuPercent,
      assistCpuPercent: s.assistCpuPercent,
      backgroundCpuPercent: s.backgroundCpuPercent,
      pauseMs: s.pauseMs,
      allocBytesPerSec: s.allocBytesPerSec,
      leakSuspected: s.leakSuspected,
      findings: s.findings,
    },
    gogc: model.gogc,
    whatIf: whatIf(model, null).map((p) => ({ gogc: p.gogc, cyclesPerSec: p.cyclesPerSec, peakHeapBytes: p.peakHeapBytes, gcCpuPercent: p.gcCpuPercent })),
  };
}
