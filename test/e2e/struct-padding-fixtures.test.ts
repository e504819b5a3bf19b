// analysistest for heapwise: every `// want` in the fixtures must be reported on its line, no
// other line may be reported, and the suggested fixes must produce the .golden files.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { applyEdits } from '../../src/fix/apply.js';
import { repoRoot, runCli } from '../support/cli.js';

const fixture = path.join(repoRoot, 'test/fixtures/padding');

function goFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.go')).map((f) => f.split(path.sep).join('/'));
}

function wants(): Map<string, RegExp> {
  const out = new Map<string, RegExp>();
  for (const f of goFiles(fixture)) {
    readFileSync(path.join(fixture, f), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const m = /\/\/ want `([^`]*)`/.exec(line);
        if (m) out.set(`${f}:${i + 1}`, new RegExp(m[1]!));
      });
  }
  return out;
}

function analyzeFixture(): { findings: Finding[]; structs: { name: string; unknown?: string; layoutFixed?: string }[] } {
  const r = runCli(['analyze', '-C', fixture, '--only', 'struct-padding', '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

describe('struct-padding on test/fixtures/padding', () => {
  const report = analyzeFixture();

  it('reports exactly the lines marked // want, with matching messages', () => {
    const expected = wants();
    expect(expected.size).toBeGreaterThan(5);
    const got = new Map(report.findings.map((f) => [`${f.file}:${f.line}`, f.message]));
    for (const [where, re] of expected) {
      expect(got.get(where), `missing finding at ${where}`).toBeDefined();
      expect(got.get(where)).toMatch(re);
    }
    for (const where of got.keys()) expect(expected.has(where), `unexpected finding at ${where}`).toBe(true);
  });

  it('says why a struct has no size instead of guessing', () => {
    const box = report.structs.find((s) => s.name === 'Box');
    expect(box?.unknown).toMatch(/type parameter T/);
  });

  it('leaves layouts fixed on purpose alone', () => {
    expect(report.structs.find((s) => s.name === 'Header')?.layoutFixed).toMatch(/HostLayout/);
    expect(report.structs.find((s) => s.name === 'Wire')?.layoutFixed).toMatch(/heapwise:layout fixed/);
  });

  it('withholds the fix when an unkeyed literal would change meaning', () => {
    const point = report.findings.find((f) => f.message.startsWith('Point '));
    expect(point?.fix).toBeUndefined();
    expect(point?.noFixReason).toMatch(/unkeyed composite literal \(basic\/basic\.go:\d+\)/);
  });

  it('withholds the fix when it would move a field updated with 64-bit atomics', () => {
    const stats = report.findings.find((f) => f.message.startsWith('Stats '));
    expect(stats?.fix).toBeUndefined();
    expect(stats?.noFixReason).toMatch(/requests is updated with sync\/atomic's 64-bit functions/);
  });

  it('withholds the fix when something may read the fields in declaration order', () => {
    const reason = (name: string) => report.findings.find((f) => f.message.startsWith(`${name} `));
    // A codec's tags (segmentio/kafka-go's wire format), encoding/binary, an unsafe.Pointer cast.
    expect(reason('Request')?.fix).toBeUndefined();
    expect(reason('Request')?.noFixReason).toMatch(/kafka: tags, whose codec may write the fields in declaration order/);
    expect(reason('Record')?.noFixReason).toMatch(/imports encoding\/binary/);
    expect(reason('header')?.noFixReason).toMatch(/unsafe\.Pointer cast/);
    // json (and validate) tags name the fields: fixed.
    expect(reason('Event')?.fix).toBeDefined();
  });

  it('fixes produce the golden files, which gofmt leaves unchanged and go vet accepts', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'heapwise-fix-'));
    try {
      cpSync(fixture, tmp, { recursive: true });
      const byFile = new Map<string, Finding[]>();
      for (const f of report.findings) if (f.fix) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
      for (const [file, findings] of byFile) {
        const abs = path.join(tmp, file);
        const fixed = applyEdits(readFileSync(abs), findings.flatMap((f) => f.fix!.edits));
        writeFileSync(abs, fixed);
        const golden = path.join(fixture, `${file}.golden`);
        if (process.env.HEAPWISE_UPDATE_GOLDEN) writeFileSync(golden, fixed);
        expect(fixed.toString('utf8'), `${file} after fixes`).toBe(readFileSync(golden, 'utf8'));
      }
      expect(execFileSync('gofmt', ['-l', '.'], { cwd: tmp, encoding: 'utf8' })).toBe('');
      execFileSync('go', ['vet', './...'], { cwd: tmp, encoding: 'utf8' });
      // After the fixes only the structs whose fix was withheld are left.
      const again = JSON.parse(runCli(['analyze', '-C', tmp, '--only', 'struct-padding', '--format', 'json']).stdout) as { findings: Finding[] };
      expect(again.findings.map((f) => f.message.split(' ')[0]).sort()).toEqual(['Point', 'Record', 'Request', 'Stats', 'header']);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
