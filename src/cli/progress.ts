// A one-line progress bar on stderr for long steps (the compile behind `heapwise escapes`):
// `compiling [#########---------] 5/9 packages`. Drawn only when stderr is a terminal, not in CI,
// not with --quiet, and only once the step has taken a moment, so quick runs and logs stay
// clean. The line is erased when the step ends, before any output is written.
// Hand-drawn: one line redrawn with \r is all it needs, and it costs nothing to load.

export interface ProgressBar {
  update(done: number, total: number | undefined): void;
  /** Erases the bar (if it was drawn); later updates draw nothing. */
  stop(): void;
}

export interface ProgressOptions {
  label: string;
  /** What the bar counts, e.g. `packages`. */
  unit: string;
  quiet?: boolean;
  stream?: Pick<NodeJS.WriteStream, 'write' | 'isTTY' | 'columns'>;
  env?: NodeJS.ProcessEnv;
  /** How long the step must run before the bar appears. */
  delayMs?: number;
}

const silent: ProgressBar = { update: () => undefined, stop: () => undefined };

/** Whether a bar may be drawn at all: a terminal, not CI, not --quiet, not a dumb terminal. */
export function progressWanted(options: Pick<ProgressOptions, 'quiet' | 'stream' | 'env'>): boolean {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
  return !options.quiet && stream.isTTY === true && !ci && env.TERM !== 'dumb';
}

export function progressBar(options: ProgressOptions): ProgressBar {
  if (!progressWanted(options)) return silent;
  const stream = options.stream ?? process.stderr;
  let done = 0;
  let total: number | undefined;
  let shown = false;
  let stopped = false;
  let last = '';
  const draw = () => {
    const line = progressLine(options.label, options.unit, done, total, stream.columns || 80);
    if (line === last) return;
    last = line;
    stream.write(`\r${line}\x1b[K`);
  };
  const timer = setTimeout(() => {
    shown = true;
    draw();
  }, options.delayMs ?? 400);
  timer.unref();
  return {
    update(d, t) {
      done = d;
      total = t;
      if (shown && !stopped) draw();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

/** The bar's text for a terminal `columns` wide (no control characters). */
export function progressLine(label: string, unit: string, done: number, total: number | undefined, columns: number): string {
  if (total === undefined || total === 0) return `${label}… ${done} ${unit} done`.slice(0, Math.max(0, columns - 1));
  const count = `${done}/${total} ${unit}`;
  const width = Math.min(30, columns - label.length - count.length - 5);
  if (width < 5) return `${label} ${count}`.slice(0, Math.max(0, columns - 1));
  const filled = Math.round((Math.min(done, total) / total) * width);
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${count}`;
}
