// The validation tests' measure of how busy the machine is (othersCpuShare): a busy process
// that is not yet reaped shows up as other processes' CPU. Linux only (/proc), like CI.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { expect, test } from 'vitest';
import { machineLine, machineQuietEnough, othersCpuShare } from './testing.js';

test.runIf(existsSync('/proc/stat'))('a process spinning beside the measurement counts as other processes', async () => {
  const share = othersCpuShare();
  const spinner = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  try {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // Read while it still runs: a child's CPU joins this process's only once it is reaped.
    const others = share()!;
    // One spinning process is one CPU of the machine's; the rest of the suite only adds to it.
    expect(others).toBeGreaterThan(0.6 / os.availableParallelism());
    expect(others).toBeLessThanOrEqual(1);
    expect(machineQuietEnough(others)).toBe(false);
    expect(machineLine(others)).toMatch(/^other processes used \d+\.\d% of the CPU .* \(over 10%: GC CPU printed, not checked\)$/);
  } finally {
    spinner.kill('SIGKILL');
  }
});

test('without /proc the share is unknown, and GC CPU is checked', () => {
  expect(machineQuietEnough(null)).toBe(true);
  expect(machineLine(null)).toBe('other processes used an unknown share (no /proc) of the CPU while the runs were measured');
});
