// Coverage: every `moved to heap` / `escapes to heap` line a plain `go build -gcflags=-m`
// prints appears as exactly one heapwise escape at the same file:line:column. None dropped,
// none invented. On the example service and on standard-library packages compiled as if they
// were the module.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, repoRoot } from '../support/cli.js';

interface JsonEscape {
  file: string;
  line: number;
  column: number;
  heap: 'moved' | 'escapes';
  expr: string;
}

/** The decisions plain -m prints, as `abs-file:line:col kind expr`, each distinct line once. */
function plainDecisions(cwd: string, importPaths: string[]): string[] {
  const args = ['build', '-o', os.devNull];
  for (const ip of importPaths) args.push(`-gcflags=${ip}=-m`);
  const r = spawnSync('go', [...args, '--', ...importPaths], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  expect(r.status).toBe(0);
  const out = new Set<string>();
  for (const line of r.stderr.split('\n')) {
    const m = /^(.+?):(\d+)(?::(\d+))?: (?:moved to heap: (.+)|(.+) escapes to heap)$/.exec(line);
    if (!m) continue;
    const file = m[1]!.startsWith('<') ? m[1]! : path.resolve(cwd, m[1]!);
    out.add(`${file}:${m[2]}:${m[3] ?? 0} ${m[4] !== undefined ? `moved ${m[4]}` : `escapes ${m[5]}`}`);
  }
  return [...out].sort();
}

function heapwiseDecisions(cwd: string, patterns: string[]): string[] {
  // HEAPWISE_CACHE=off: the facts come from this run's compile, not from an earlier one.
  const r = spawnSync(process.execPath, [cliPath, 'escapes', '-C', cwd, '--all', '--format', 'json', ...patterns], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, HEAPWISE_CACHE: 'off' },
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const report = JSON.parse(r.stdout) as { escapes: JsonEscape[] };
  return report.escapes
    .map((e) => {
      const file = e.file.startsWith('<') ? e.file : path.resolve(cwd, e.file);
      return { pos: `${file}:${e.line}:${e.column}`, e };
    })
    .map(({ pos, e }) => `${pos} ${e.heap} ${e.expr}`)
    .sort();
}

/** heapwise may print the longer form of a shortened expression (`append(xs, y)` for `append`). */
function sameDecision(plain: string, ours: string): boolean {
  if (plain === ours) return true;
  return ours.startsWith(`${plain}(`);
}

function compare(plain: string[], ours: string[]): void {
  expect(plain.length).toBeGreaterThan(0);
  const left = [...ours];
  const missing: string[] = [];
  for (const p of plain) {
    const i = left.findIndex((o) => sameDecision(p, o));
    if (i < 0) missing.push(p);
    else left.splice(i, 1);
  }
  expect({ missing, invented: left }).toEqual({ missing: [], invented: [] });
}

describe('every heap decision of the compiler is reported once', () => {
  it('on the example service', () => {
    const dir = path.join(repoRoot, 'examples/shopsvc');
    const list = spawnSync('go', ['list', './...'], { cwd: dir, encoding: 'utf8' });
    const pkgs = list.stdout.trim().split('\n');
    compare(plainDecisions(dir, pkgs), heapwiseDecisions(dir, ['./...']));
  });

  it('on standard-library packages', () => {
    const dir = path.join(repoRoot, 'test/fixtures/escape');
    const pkgs = ['strconv', 'bufio', 'encoding/json', 'net/url'];
    compare(plainDecisions(dir, pkgs), heapwiseDecisions(dir, pkgs));
  });
});
