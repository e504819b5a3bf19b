// `heapwise gc run -- <command>`: runs the user's program with GODEBUG=gctrace=1, passing its
// output through as it comes, and keeps the stderr text for analysis at exit. This is the one
// place that runs a user command; `go` itself is only ever run through go/toolchain.ts.
import { spawn } from 'node:child_process';
import { InputError } from '../core/errors.js';

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
    child.on('error', (e: NodeJS.ErrnoException) => reject(new InputError(`cannot run: ${e.code ?? e.message}`, command[0])));
    child.on('close', (code, signal) => resolve({ stderr: Buffer.concat(chunks).toString('utf8'), exitCode: code ?? 1, signal }));
  });
}
