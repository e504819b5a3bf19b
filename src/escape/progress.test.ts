// Counting the compile's progress on a real compile of the example service: every package is
// heard from (its -m output or its -json directory) before the compile ends, each once.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCompile } from './compile.js';
import { CompileProgress } from './progress.js';

const shopsvc = path.resolve(import.meta.dirname, '../../examples/shopsvc');

describe('CompileProgress', () => {
  it('counts every package of a real compile, once, before the compile ends', async () => {
    const pkgs = spawnSync('go', ['list', './...'], { cwd: shopsvc, encoding: 'utf8' }).stdout.trim().split('\n');
    expect(pkgs.length).toBeGreaterThan(5);
    const reports: [number, number | undefined][] = [];
    const heard: string[] = [];
    const progress = new CompileProgress((done, total) => reports.push([done, total]));
    // Compiled by pattern, as the first run does before go list answers: the total comes later.
    const run = startCompile({
      cwd: shopsvc,
      packages: ['./...'],
      plainErrors: true,
      onPackage: (p) => {
        heard.push(p);
        progress.onPackage(p);
      },
    });
    progress.expect(pkgs);
    await run.done;
    await run.cleanedUp;
    expect(new Set(heard)).toEqual(new Set(pkgs));
    const last = reports.at(-1)!;
    expect(last).toEqual([pkgs.length, pkgs.length]); // all heard before finish() is called
    progress.finish();
    expect(reports.at(-1)).toEqual([pkgs.length, pkgs.length]);
    for (let i = 1; i < reports.length; i++) expect(reports[i]![0]).toBeGreaterThanOrEqual(reports[i - 1]![0]);
  });

  it('counts only the expected packages, and reports nothing without a listener', () => {
    const reports: [number, number | undefined][] = [];
    const p = new CompileProgress((done, total) => reports.push([done, total]));
    p.onPackage('a');
    p.onPackage('a');
    p.onPackage('other');
    expect(reports).toEqual([
      [1, undefined],
      [2, undefined],
    ]);
    p.expect(['a', 'b']);
    p.finish();
    expect(reports.slice(2)).toEqual([
      [1, 2],
      [2, 2],
    ]);
    const silent = new CompileProgress();
    expect(() => (silent.onPackage('a'), silent.expect(['a']), silent.finish())).not.toThrow();
  });
});
