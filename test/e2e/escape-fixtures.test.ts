// One heap allocation per cause, checked against what the installed Go compiler decides:
// every `// want cause=<id> steps=<n>` line yields exactly those escapes, other lines none.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';

const fixture = path.join(repoRoot, 'test/fixtures/escape');

interface JsonEscape {
  file: string;
  line: number;
  column: number;
  endColumn: number | null;
  cause: string;
  steps: { file: string; line: number; column: number; message: string }[];
  inLoop: boolean | null;
  function: string | null;
  explanation: string;
  fix: string;
  callee?: string;
}

function wants(file: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  readFileSync(path.join(fixture, file), 'utf8')
    .split('\n')
    .forEach((text, i) => {
      const w = /\/\/ want (.*)$/.exec(text);
      if (!w) return;
      out.set(i + 1, [...w[1]!.matchAll(/cause=(\S+) steps=(\d+)/g)].map((m) => `${m[1]} ${m[2]}`).sort());
    });
  return out;
}

describe('heapwise escapes on the cause fixtures', () => {
  const r = runCli(['escapes', '-C', fixture, '--format', 'json']);
  const report = JSON.parse(r.stdout || '{}') as { goVersion: string; escapes: JsonEscape[]; inlining: unknown[] };

  it('runs and names the Go version', () => {
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(report.goVersion).toMatch(/^go1\.\d+/);
    expect(report.inlining.length).toBeGreaterThan(0);
  });

  it('gives each want line its causes and chain lengths, and nothing elsewhere', () => {
    const expected = wants('causes/causes.go');
    const got = new Map<number, string[]>();
    for (const e of report.escapes.filter((e) => e.file === 'causes/causes.go')) {
      got.set(e.line, [...(got.get(e.line) ?? []), `${e.cause} ${e.steps.length}`].sort());
    }
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(expected));
  });

  it('says where: loops, functions, callees, steps with positions', () => {
    const at = (line: number) => report.escapes.filter((e) => e.file === 'causes/causes.go' && e.line === line);
    const loop = at(96);
    expect(loop.every((e) => e.inLoop === true && e.function === 'InLoop')).toBe(true);
    expect(at(18)[0]!.inLoop).toBe(false);
    expect(at(42)[0]!.callee).toBe('fmt.Println');
    expect(at(78)[0]!.callee).toBe('i.M');
    expect(at(89)[0]!.callee).toBe('keep');
    expect(at(71)[0]!.callee).toBe('reflect.ValueOf');
    const returned = at(18)[0]!;
    expect(returned.steps.map((s) => `${s.line}:${s.column}`)).toEqual(['19:9', '19:2']);
    expect(returned.explanation).not.toBe('');
    expect(returned.fix).not.toBe('');
    // The marker spans the expression: `&T{}` on line 28 starts at column 11.
    expect(at(28)[0]).toMatchObject({ column: 11, endColumn: 15 });
  });

  it('prints the source line, a marker and the numbered chain in text mode', () => {
    const t = runCli(['escapes', '-C', fixture, '--no-color', '--file', 'causes.go', '--line', '28']);
    expect(t.status).toBe(0);
    const lines = t.stdout.split('\n');
    expect(lines[0]).toBe('causes/causes.go:28:11: &T{} escapes to heap (in StoredMap)');
    expect(lines[1]).toContain('stored in the map m');
    expect(lines[2]).toContain('m["a"] = &T{}');
    expect(lines[3]!.indexOf('^^^^')).toBe(lines[2]!.indexOf('&T{}'));
    expect(lines[4]).toMatch(/^ {4}1\. causes\/causes\.go:28:11: /);
  });
});
