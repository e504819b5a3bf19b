// Phase timings on stderr when HEAPWISE_TRACE is set: where a run spends its time, in ms since
// the process started (performance.now()'s origin), so Node's own start-up is counted too.
const enabled = Boolean(process.env.HEAPWISE_TRACE);

export function trace(phase: string): void {
  if (enabled) process.stderr.write(`heapwise trace: ${performance.now().toFixed(0).padStart(6)} ms  ${phase}\n`);
}
