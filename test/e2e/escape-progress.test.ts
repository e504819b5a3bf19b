// The progress bar of `heapwise escapes` as a person sees it: drawn on a terminal (a pty made
// by script(1)) during a compile that takes a while, and never with --quiet, in CI, or when
// stderr is not a terminal.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot } from '../support/cli.js';

const fixture = path.join(repoRoot, 'test/fixtures/escape');
const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** Runs the CLI with stdout and stderr on a pty; returns what the terminal received. */
function onTerminal(args: string[], env: Record<string, string | undefined>): string {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'heapwise-progress-'));
  temps.push(tmp);
  const out = path.join(tmp, 'out.json');
  const cmd = [process.execPath, cliPath, 'escapes', '-C', fixture, '--format', 'json', '-o', out, ...args].map((a) => `'${a}'`).join(' ');
  const log = path.join(tmp, 'typescript');
  // A cold heapwise cache: net/http takes well over the bar's delay to compile.
  const r = spawnSync('script', ['-q', '-e', '-c', cmd, log], {
    encoding: 'utf8',
    env: { ...process.env, CI: undefined, TERM: 'xterm', HEAPWISE_CACHE: path.join(tmp, 'cache'), ...env },
  });
  expect(r.status).toBe(0);
  expect(JSON.parse(readFileSync(out, 'utf8')).stats.compiled).toBe(1);
  return readFileSync(log, 'utf8');
}

describe.skipIf(!hasScript)('the progress bar', () => {
  it('is drawn on a terminal while the compile runs, and erased', () => {
    const screen = onTerminal(['net/http'], {});
    expect(screen).toMatch(/\rcompiling \[[#-]+\] 1\/1 packages\x1b\[K/);
    expect(screen).toContain('\r\x1b[K');
  });

  it('is drawn by analyze too while its escape analyzer compiles, and not with --quiet', () => {
    const run = (extra: string[]) => {
      const tmp = mkdtempSync(path.join(os.tmpdir(), 'heapwise-progress-'));
      temps.push(tmp);
      const cmd = [process.execPath, cliPath, 'analyze', '-C', fixture, '--only', 'escape', '--format', 'json', '-o', path.join(tmp, 'out.json'), ...extra, 'net/http'].map((a) => `'${a}'`).join(' ');
      const r = spawnSync('script', ['-q', '-e', '-c', cmd, path.join(tmp, 'typescript')], {
        encoding: 'utf8',
        env: { ...process.env, CI: undefined, TERM: 'xterm', HEAPWISE_CACHE: path.join(tmp, 'cache') },
      });
      expect(r.status).toBe(0);
      expect(JSON.parse(readFileSync(path.join(tmp, 'out.json'), 'utf8')).notes).toBeUndefined();
      return readFileSync(path.join(tmp, 'typescript'), 'utf8');
    };
    expect(run([])).toMatch(/\rcompiling \[[#-]+\] 1\/1 packages\x1b\[K/);
    expect(run(['--quiet'])).not.toContain('compiling');
  });

  it('is not drawn with --quiet or in CI', () => {
    for (const [args, env] of [
      [['--quiet', 'net/http'], {}],
      [['net/http'], { CI: 'true' }],
    ] as const) {
      expect(onTerminal([...args], env)).not.toContain('compiling');
    }
  });
});

describe('without a terminal', () => {
  it('writes nothing on stderr', () => {
    const r = spawnSync(process.execPath, [cliPath, 'escapes', '-C', fixture, '--format', 'json', 'net/http'], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      env: { ...process.env, CI: undefined, HEAPWISE_CACHE: 'off' },
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
});
