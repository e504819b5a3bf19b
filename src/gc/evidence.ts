// What a report carries of a GC trace for the HTML view (analyze --gc-trace): the heap over
// time, the diagnosis, and the what-if table of the fitted model.
import { readFile } from 'node:fs/promises';
import { InputError } from '../core/errors.js';
import type { GcEvidence } from '../core/report.js';
import { diagnose } from './diagnose.js';
import { fitModel, whatIf } from './model.js';
import { cycleEndSec, parseTrace } from './trace.js';

export async function gcEvidence(file: string): Promise<GcEvidence> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, file);
  }
  const trace = parseTrace(text, file);
  const bad = trace.issues[0];
  if (bad) throw new InputError(bad.message, `${bad.file}:${bad.line}`);
  if (trace.cycles.length === 0) throw new InputError('no gctrace lines ("gc N @...") found: run the program with GODEBUG=gctrace=1', file);
  const s = diagnose(trace);
  const model = fitModel(trace);
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
