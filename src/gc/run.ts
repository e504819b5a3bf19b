// `heapwise gc run -- <command>`: runs the user's program with GODEBUG=gctrace=1, passing its
// output through as it comes, and keeps the stderr text for analysis at exit. This is the one
// place that runs a user command; `go` itself is only ever run through go/toolchain.ts.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { InputError } from '../core/errors.js';

const osSignals = constants.signals as Record<string, number>;

export interface TracedRun {
  stderr: string;
  exitCode: number;
  signal: NodeJS.Signals | null;
}

export function runTraced(command: string[], env: Record<string, string>): Promise<TracedRun> {
  // Keep the user's other GODEBUG settings; gctrace is added, not substituted.
  const godebug = [process.env.GODEBUG, 'gctrace=1'].filter(Boolean).join(',');
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), {
      env: { ...process.env, ...env, GODEBUG: godebug },
      stdio: ['inherit', 'inherit', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stderr.on('data', (b: Buffer) => {
      chunks.push(b);
      process.stderr.write(b);
    });
    // A service runs until it is told to stop: SIGINT (Ctrl-C) and SIGTERM go to the program, and
    // heapwise stays to read the trace when it exits (Ctrl-C in a terminal reaches both; the
    // program sees the signal twice, which Go's signal.NotifyContext takes as one).
    const forward = (sig: NodeJS.Signals) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const done = () => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
    };
    child.on('error', (e: NodeJS.ErrnoException) => {
      done();
      reject(new InputError(`cannot run: ${e.code ?? e.message}`, command[0]));
    });
    child.on('close', (code, signal) => {
      done();
      resolve({ stderr: Buffer.concat(chunks).toString('utf8'), exitCode: code ?? (signal ? 128 + (osSignals[signal] ?? 0) : 1), signal });
    });
  });
}
