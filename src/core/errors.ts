// Typed errors. The CLI turns these into one line on stderr and exit code 2;
// anything else is a bug and may show a stack trace.

/** A mistake in how heapwise was called: an unknown flag, a bad value. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Input heapwise cannot work with: not a module, Go code that does not parse, a bad file. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    message: string,
    /** Where the problem is, as `file:line:col` or `file`, when known. */
    readonly where?: string,
  ) {
    super(where ? `${where}: ${message}` : message);
  }
}

/** The Go toolchain is missing, failed, or timed out. */
export class ToolchainError extends Error {
  override name = 'ToolchainError';
}

export function isUserError(e: unknown): e is UsageError | InputError | ToolchainError {
  return e instanceof UsageError || e instanceof InputError || e instanceof ToolchainError;
}
