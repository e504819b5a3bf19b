// analysistest for the catalog analyzers: every `// want` in test/fixtures/catalog is reported
// on its line with a matching message, and nothing else is (the look-alikes stay silent).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { repoRoot, runCli } from '../support/cli.js';

const fixture = path.join(repoRoot, 'test/fixtures/catalog');

/** file:line -> the patterns its `// want` lists (several when several analyzers report there). */
function wants(): Map<string, RegExp[]> {
  const out = new Map<string, RegExp[]>();
  for (const f of readdirSync(fixture, { recursive: true, encoding: 'utf8' })) {
    if (!f.endsWith('.go')) continue;
    const rel = f.split(path.sep).join('/');
    readFileSync(path.join(fixture, f), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const at = line.indexOf('// want ');
        if (at < 0) return;
        const patterns = [...line.slice(at).matchAll(/`([^`]*)`/g)].map((m) => new RegExp(m[1]!));
        out.set(`${rel}:${i + 1}`, patterns);
      });
  }
  return out;
}

describe('catalog analyzers on test/fixtures/catalog', () => {
  const r = runCli(['analyze', '-C', fixture, '--disable', 'struct-padding,escape', '--format', 'json']);
  const findings = (JSON.parse(r.stdout) as { findings: Finding[] }).findings;

  it('reports exactly the lines marked // want, with matching messages', () => {
    expect(r.stderr).toBe('');
    const expected = wants();
    const got = new Map<string, string[]>();
    for (const f of findings) got.set(`${f.file}:${f.line}`, [...(got.get(`${f.file}:${f.line}`) ?? []), f.message]);
    for (const [where, patterns] of expected) {
      const messages = got.get(where) ?? [];
      expect(messages, `findings at ${where}`).toHaveLength(patterns.length);
      for (const re of patterns) expect(messages.some((m) => re.test(m)), `${where}: nothing matches ${re}`).toBe(true);
    }
    for (const where of got.keys()) expect(expected.has(where), `unexpected finding at ${where}`).toBe(true);
  });

  it('offers fixes that produce the golden files', async () => {
    const { applyEdits } = await import('../../src/fix/apply.js');
    const byFile = new Map<string, Finding[]>();
    for (const f of findings) if (f.fix) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
    expect(byFile.size).toBeGreaterThan(0);
    for (const [file, fs] of byFile) {
      const fixed = applyEdits(readFileSync(path.join(fixture, file)), fs.flatMap((f) => f.fix!.edits)).toString('utf8');
      const golden = path.join(fixture, `${file}.golden`);
      if (process.env.HEAPWISE_UPDATE_GOLDEN) writeFileSync(golden, fixed);
      expect(fixed).toBe(readFileSync(golden, 'utf8'));
    }
  });

  it('covers every analyzer that reads function bodies', () => {
    const ids = new Set(findings.map((f) => f.analyzer));
    expect([...ids].sort()).toEqual(['bytes-conv-loop', 'defer-in-loop', 'false-sharing', 'fmt-hot-loop', 'forced-gc', 'goroutine-leak', 'huge-param', 'json-generic-map', 'pointer-slice', 'pool-escape-after-put', 'pool-no-reset', 'pool-nonpointer', 'pool-oversized', 'prealloc-map', 'prealloc-slice', 'readall-unbounded', 'string-concat-loop', 'subslice-retention', 'time-after-loop', 'unbounded-cache']);
  });
});
