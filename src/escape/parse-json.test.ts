// The -json diagnostics reader on what the installed compiler writes for the cause fixtures.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGo } from '../go/toolchain.js';
import { escapeSubjects, otherFacts, parseJsonFile, readJsonDiagnostics, type JsonDiagnostic } from './parse-json.js';
import { parseCompilerText } from './parse-text.js';

const fixture = path.resolve(import.meta.dirname, '../../test/fixtures/escape');
const pkg = 'example.com/escapefixtures/causes';
const file = path.join(fixture, 'causes/causes.go');
const dir = mkdtempSync(path.join(os.tmpdir(), 'heapwise-json-test-'));
let diags: JsonDiagnostic[];
let text = '';

beforeAll(async () => {
  const r = await runGo(['build', '-o', os.devNull, `-gcflags=${pkg}=-m=2 -json=0,${dir}`, pkg], { cwd: fixture });
  text = r.stderr;
  diags = readJsonDiagnostics(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readJsonDiagnostics', () => {
  it('places every heap decision of the text at a JSON escape diagnostic (same 1-based line and column)', () => {
    const heap = parseCompilerText(text, fixture).packages.get(pkg)!.heap.filter((d) => d.file === file);
    const subjects = escapeSubjects(diags);
    expect(heap.length).toBeGreaterThan(10);
    for (const d of heap) expect(subjects.has(`${d.file}:${d.line}:${d.column}`), `${d.line}:${d.column} ${d.expr}`).toBe(true);
    // The JSON prints the whole expression where -m shortens it.
    expect(subjects.get(`${file}:96:15`)).toContain('append(out, &T{...})');
  });

  it('keeps the facts only the JSON carries', () => {
    const other = otherFacts(diags, (f) => (f === file ? pkg : undefined));
    expect(other.some((o) => o.code === 'isInBounds' || o.code === 'nilcheck')).toBe(true);
    expect(other.every((o) => o.pkg === pkg || o.file !== file)).toBe(true);
  });

  it('is written again by a second build into a fresh directory (the directory is part of the action key)', async () => {
    const again = mkdtempSync(path.join(os.tmpdir(), 'heapwise-json-test-'));
    try {
      await runGo(['build', '-o', os.devNull, `-gcflags=${pkg}=-m=2 -json=0,${again}`, pkg], { cwd: fixture });
      expect(readJsonDiagnostics(again).length).toBe(diags.length);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });

  it('skips what it cannot read', () => {
    expect(parseJsonFile('')).toEqual([]);
    expect(parseJsonFile('not json\n{}')).toEqual([]);
    const one = parseJsonFile('{"file":"/x.go","package":"p"}\n{bad\n{"range":{"start":{"line":3,"character":4}},"code":"escape","message":"m escapes to heap"}');
    expect(one).toEqual([{ file: '/x.go', line: 3, column: 4, code: 'escape', message: 'm escapes to heap', pkg: 'p' }]);
    expect(readJsonDiagnostics(path.join(dir, 'does-not-exist'))).toEqual([]);
  });
});
