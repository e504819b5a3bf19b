// The one door to the Go toolchain: every `go` invocation goes through runGo, which applies a
// timeout and turns failures into ToolchainError with a message a person can act on.
import { execFile } from 'node:child_process';
import { ToolchainError } from '../core/errors.js';

export interface RunGoOptions {
  cwd: string;
  /** Extra environment variables (GOARCH, GOFLAGS...), merged over the process environment. */
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** Exit codes other than 0 that still count as success (the caller reads stderr). */
  allowFailure?: boolean;
  /** Sees stderr as it arrives (whole lines not guaranteed); the result still carries all of it. */
  onStderr?: (chunk: string) => void;
  /** Stops the command; the promise then rejects with an AbortError. */
  signal?: AbortSignal;
}

export interface GoResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export const defaultGoTimeoutMs = 5 * 60_000;

export function goBinary(): string {
  return process.env.HEAPWISE_GO || 'go';
}

export function runGo(args: string[], options: RunGoOptions): Promise<GoResult> {
  const timeout = options.timeoutMs ?? defaultGoTimeoutMs;
  return new Promise((resolve, reject) => {
    const child = execFile(
      goBinary(),
      args,
      {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        timeout,
        maxBuffer: 1 << 30,
        encoding: 'utf8',
        signal: options.signal,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr, exitCode: 0 });
        if (error.name === 'AbortError') return reject(error);
        const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: number | string; signal?: string };
        const what = `go ${args.join(' ')}`;
        if (e.code === 'ENOENT') {
          return reject(new ToolchainError(`the Go toolchain was not found (tried "${goBinary()}"); install Go 1.26 or later and put it on PATH`));
        }
        if (e.killed || e.signal === 'SIGTERM') {
          return reject(new ToolchainError(`${what} did not finish within ${Math.round(timeout / 1000)} s`));
        }
        if (typeof e.code === 'number' && options.allowFailure) {
          return resolve({ stdout, stderr, exitCode: e.code });
        }
        const firstLine = stderr.split('\n').find((l) => l.trim() !== '') ?? e.message;
        reject(new ToolchainError(`${what} failed: ${firstLine.trim()}`));
      },
    );
    const onStderr = options.onStderr;
    if (onStderr) child.stderr?.on('data', (chunk: string) => onStderr(chunk));
  });
}
