// The progress bar: when it may be drawn at all, when it appears, what it draws and that it
// leaves no trace on the line.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { progressBar, progressLine, progressWanted } from './progress.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 80, write: (s: string) => (writes.push(s), true) } as never };
}

describe('progressWanted', () => {
  const tty = fakeStream(true).stream;
  it('is true only on a terminal, outside CI, without --quiet', () => {
    expect(progressWanted({ stream: tty, env: {} })).toBe(true);
    expect(progressWanted({ stream: fakeStream(false).stream, env: {} })).toBe(false);
    expect(progressWanted({ stream: tty, env: { CI: 'true' } })).toBe(false);
    expect(progressWanted({ stream: tty, env: { CI: '1' } })).toBe(false);
    expect(progressWanted({ stream: tty, env: {}, quiet: true })).toBe(false);
    expect(progressWanted({ stream: tty, env: { TERM: 'dumb' } })).toBe(false);
    expect(progressWanted({ stream: tty, env: { CI: 'false' } })).toBe(true);
    expect(progressWanted({ stream: tty, env: { CI: '' } })).toBe(true);
  });
});

describe('progressLine', () => {
  it('draws done out of total, or a count while the total is unknown', () => {
    expect(progressLine('compiling', 'packages', 5, 10, 80)).toBe(`compiling [${'#'.repeat(15)}${'-'.repeat(15)}] 5/10 packages`);
    expect(progressLine('compiling', 'packages', 10, 10, 80)).toBe(`compiling [${'#'.repeat(30)}] 10/10 packages`);
    expect(progressLine('compiling', 'packages', 3, undefined, 80)).toBe('compiling… 3 packages done');
  });

  it('fits a narrow terminal', () => {
    expect(progressLine('compiling', 'packages', 5, 10, 30).length).toBeLessThan(30);
    expect(progressLine('compiling', 'packages', 5, 10, 20)).toBe('compiling 5/10 pack');
  });
});

describe('progressBar', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('appears only after the delay, redraws on change and erases itself', () => {
    const { writes, stream } = fakeStream(true);
    const bar = progressBar({ label: 'compiling', unit: 'packages', stream, env: {}, delayMs: 400 });
    bar.update(1, 4);
    vi.advanceTimersByTime(399);
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(writes).toEqual([`\rcompiling [${'#'.repeat(8)}${'-'.repeat(22)}] 1/4 packages\x1b[K`]);
    bar.update(1, 4);
    expect(writes).toHaveLength(1);
    bar.update(4, 4);
    expect(writes[1]).toContain('4/4 packages');
    bar.stop();
    expect(writes.at(-1)).toBe('\r\x1b[K');
    bar.update(2, 4);
    expect(writes).toHaveLength(3);
  });

  it('writes nothing when the step ends within the delay', () => {
    const { writes, stream } = fakeStream(true);
    const bar = progressBar({ label: 'compiling', unit: 'packages', stream, env: {}, delayMs: 400 });
    bar.update(3, 4);
    vi.advanceTimersByTime(100);
    bar.stop();
    vi.advanceTimersByTime(1000);
    expect(writes).toEqual([]);
  });

  it('writes nothing when stderr is not a terminal, in CI, or with --quiet', () => {
    for (const [isTTY, env, quiet] of [
      [false, {}, false],
      [true, { CI: 'true' }, false],
      [true, {}, true],
    ] as const) {
      const { writes, stream } = fakeStream(isTTY);
      const bar = progressBar({ label: 'compiling', unit: 'packages', stream, env, quiet, delayMs: 0 });
      vi.advanceTimersByTime(10);
      bar.update(1, 2);
      bar.stop();
      expect(writes).toEqual([]);
    }
  });
});
