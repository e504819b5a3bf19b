// `heapwise escapes` as a user runs it: the cache, the filters, and errors.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot, runCli } from '../support/cli.js';

const fixture = path.join(repoRoot, 'test/fixtures/escape');
const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

function copyFixture(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'heapwise-escape-e2e-'));
  temps.push(dir);
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

function runWith(env: Record<string, string>, args: string[]) {
  return spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

function stats(dir: string, cache: string): { compiled: number; cached: number; escapes: number } {
  const r = runWith({ HEAPWISE_CACHE: cache }, ['escapes', '-C', dir, '--format', 'json']);
  expect(r.stderr).toBe('');
  const j = JSON.parse(r.stdout) as { escapes: unknown[]; stats: { compiled: number; cached: number } };
  return { compiled: j.stats.compiled, cached: j.stats.cached, escapes: j.escapes.length };
}

describe('heapwise escapes', () => {
  it('compiles nothing on a second run, and recompiles a package whose file changed', () => {
    const dir = copyFixture();
    const cache = mkdtempSync(path.join(os.tmpdir(), 'heapwise-escape-cache-'));
    temps.push(cache);
    const first = stats(dir, cache);
    expect(first).toMatchObject({ compiled: 1, cached: 0 });
    expect(stats(dir, cache)).toEqual({ ...first, compiled: 0, cached: 1 });
    const file = path.join(dir, 'causes/causes.go');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nfunc Extra() *int { v := 1; return &v }\n`);
    const third = stats(dir, cache);
    expect(third).toEqual({ compiled: 1, cached: 0, escapes: first.escapes + 1 });
  });

  it('recompiles the packages that import a changed package, and only those', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'heapwise-escape-shop-'));
    temps.push(dir);
    cpSync(path.join(repoRoot, 'examples/shopsvc'), dir, { recursive: true });
    const cache = mkdtempSync(path.join(os.tmpdir(), 'heapwise-escape-cache-'));
    temps.push(cache);
    const listed = spawnSync('go', ['list', '-f', '{{.ImportPath}} {{join .Deps " "}}', './...'], { cwd: dir, encoding: 'utf8' });
    const pkgs = listed.stdout.trim().split('\n').map((l) => l.split(' '));
    const model = 'example.com/shopsvc/internal/model';
    const affected = pkgs.filter(([ip, ...deps]) => ip === model || deps.includes(model)).length;
    expect(affected).toBeGreaterThan(1);
    expect(affected).toBeLessThan(pkgs.length);
    const first = stats(dir, cache);
    expect(first.compiled).toBe(pkgs.length);
    const file = path.join(dir, 'internal/model/model.go');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nfunc heapwiseExtra() *int { v := 1; return &v }\n`);
    expect(stats(dir, cache)).toMatchObject({ compiled: affected, cached: pkgs.length - affected });
  });

  // The compile starts before go list answers, on a guess from the previous run's listing
  // (early.ts); go list's answer must still decide what is compiled.
  it('compiles a package added or a file removed since the previous run, whatever the guess was', () => {
    const dir = copyFixture();
    const cache = mkdtempSync(path.join(os.tmpdir(), 'heapwise-escape-cache-'));
    temps.push(cache);
    const first = stats(dir, cache);
    mkdirSync(path.join(dir, 'added'));
    writeFileSync(path.join(dir, 'added/added.go'), 'package added\n\nfunc Leak() *int { v := 1; return &v }\n');
    expect(stats(dir, cache)).toEqual({ compiled: 1, cached: 1, escapes: first.escapes + 1 });
    writeFileSync(path.join(dir, 'added/more.go'), 'package added\n\nfunc More() *int { w := 2; return &w }\n');
    expect(stats(dir, cache)).toEqual({ compiled: 1, cached: 1, escapes: first.escapes + 2 });
    rmSync(path.join(dir, 'added/more.go'));
    expect(stats(dir, cache)).toEqual({ compiled: 0, cached: 2, escapes: first.escapes + 1 });
    expect(stats(dir, cache)).toEqual({ compiled: 0, cached: 2, escapes: first.escapes + 1 });
  });

  it('takes .go files as go build does (one command-line-arguments package), cached by their contents', () => {
    const cache = mkdtempSync(path.join(os.tmpdir(), 'heapwise-escape-cache-'));
    temps.push(cache);
    type Out = { escapes: { file: string; line: number; cause: string }[]; stats: { compiled: number; cached: number } };
    const run = (args: string[]) => {
      const r = runWith({ HEAPWISE_CACHE: cache }, ['escapes', '-C', fixture, '--format', 'json', ...args]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      return JSON.parse(r.stdout) as Out;
    };
    const byFile = run(['causes/causes.go']);
    const byPackage = run(['./causes']);
    expect(byFile.stats.compiled).toBe(1);
    expect(byFile.escapes.length).toBeGreaterThan(10);
    const key = (e: Out['escapes'][number]) => `${e.file}:${e.line} ${e.cause}`;
    expect(byFile.escapes.map(key)).toEqual(byPackage.escapes.map(key));
    expect(run(['causes/causes.go']).stats).toMatchObject({ compiled: 0, cached: 1 });
  });

  it('says in one line that the Go toolchain is missing, exit 2', () => {
    const r = runWith({ HEAPWISE_GO: path.join(os.tmpdir(), 'no-such-go') }, ['escapes', '-C', fixture]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^heapwise: the Go toolchain was not found .*\n$/);
  });

  it('prints the compiler\'s own errors for a module that does not compile, exit 2', () => {
    const dir = copyFixture();
    writeFileSync(path.join(dir, 'causes/broken.go'), 'package causes\n\nfunc Broken() int { return undefinedName }\n');
    const r = runCli(['escapes', '-C', dir]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('broken.go:3:28: undefined: undefinedName');
    expect(r.stderr).not.toMatch(/escapes to heap|at .*\.js:\d+/);
  });

  it('says at once which import cannot be loaded (a module missing from go.mod), exit 2', () => {
    const dir = copyFixture();
    mkdirSync(path.join(dir, 'needs'));
    writeFileSync(path.join(dir, 'needs/needs.go'), 'package needs\n\nimport _ "example.org/not/required"\n');
    const r = runCli(['escapes', '-C', dir]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/needs\.go:3:8: no required module provides package example\.org\/not\/required/);
    expect(r.stderr).not.toMatch(/escapes to heap|at .*\.js:\d+/);
  });

  it('refuses bad flags and places that are not modules in one line, exit 2', () => {
    for (const args of [
      ['escapes', '-C', fixture, '--line', 'x', '--file', 'causes.go'],
      ['escapes', '-C', fixture, '--line', '3'],
      ['escapes', '-C', fixture, '--format', 'yaml'],
      ['escapes', '-C', os.tmpdir()],
      ['escapes', '-C', fixture, './nosuchpackage'],
    ]) {
      const r = runCli(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^heapwise: /);
    }
  });

  it('filters to a file and line, and writes -o whole', () => {
    const dir = copyFixture();
    const out = path.join(dir, 'escapes.json');
    const r = runCli(['escapes', '-C', fixture, '--format', 'json', '--file', 'causes/causes.go', '--line', '96', '-o', out]);
    expect(r.status).toBe(0);
    const j = JSON.parse(readFileSync(out, 'utf8')) as { escapes: { line: number; cause: string }[] };
    expect(j.escapes.map((e) => `${e.line} ${e.cause}`).sort()).toEqual(['96 returned', '96 stored-slice']);
  });
});
