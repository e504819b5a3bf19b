// Phase timings on stderr when HEAPWISE_TRACE is set: where a run spends its time.
const enabled = Boolean(process.env.HEAPWISE_TRACE);
const start = performance.now();

export function trace(phase: string): void {
  if (enabled) process.stderr.write(`heapwise trace: ${(performance.now() - start).toFixed(0).padStart(6)} ms  ${phase}\n`);
}
