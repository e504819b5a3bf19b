// A module with a package of test files only (no non-test Go files) still compiles for escape
// facts: that package is left out of the build instead of failing it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'heapwise-testonly-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('escape facts with a test-only package', () => {
  it('compiles the rest and reports no missing evidence', () => {
    writeFileSync(path.join(dir, 'go.mod'), 'module example.com/testonly\n\ngo 1.26\n');
    mkdirSync(path.join(dir, 'lib'));
    writeFileSync(path.join(dir, 'lib/lib.go'), 'package lib\n\nfunc Boxes(n int) []*int {\n\tout := make([]*int, 0, n)\n\tfor i := 0; i < n; i++ {\n\t\tv := i\n\t\tout = append(out, &v)\n\t}\n\treturn out\n}\n');
    mkdirSync(path.join(dir, 'onlytests'));
    writeFileSync(path.join(dir, 'onlytests/x_test.go'), 'package onlytests\n\nimport "testing"\n\nfunc TestNothing(t *testing.T) {}\n');
    const r = runCli(['analyze', '-C', dir, '--only', 'escape', '--format', 'json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { notes?: string[]; findings: { message: string }[] };
    expect(report.notes).toBeUndefined();
    expect(report.findings.some((f) => /v is moved to the heap in a loop/.test(f.message))).toBe(true);
  });
});
