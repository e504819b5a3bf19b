import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyEdits } from '../fix/apply.js';
import { goParser } from '../source/parser.js';
import { clearSources } from '../source/read.js';
import { SyntaxCache } from '../source/syntax.js';
import { importEdit } from './imports.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'heapwise-imports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withImport(name: string, src: string): Promise<string> {
  const file = path.join(dir, name);
  writeFileSync(file, src);
  clearSources();
  const cache = new SyntaxCache(await goParser());
  try {
    const edits = importEdit(cache.get(file)!, name, 'strconv')!;
    return applyEdits(readFileSync(file), edits).toString('utf8');
  } finally {
    cache.close();
  }
}

describe('importEdit', () => {
  const cases: [string, string][] = [
    ['grouped.go', 'package p\n\nimport (\n\t"fmt"\n\t"strings"\n)\n\nvar _ = fmt.Sprint\nvar _ = strings.Join\n'],
    ['last.go', 'package p\n\nimport (\n\t"bytes"\n\t"fmt"\n)\n\nvar _ = bytes.Clone\nvar _ = fmt.Sprint\n'],
    ['single.go', 'package p\n\nimport "fmt"\n\nvar _ = fmt.Sprint\n'],
    ['none.go', 'package p\n\nvar x = 1\n'],
  ];
  for (const [name, src] of cases) {
    it(`adds "strconv" where gofmt keeps it (${name})`, async () => {
      const out = await withImport(name, src);
      expect(out).toContain('"strconv"');
      const file = path.join(dir, `fmt-${name}`);
      writeFileSync(file, out);
      expect(execFileSync('gofmt', ['-l', file], { encoding: 'utf8' })).toBe('');
    });
  }

  it('adds nothing when the file imports it already', async () => {
    const src = 'package p\n\nimport "strconv"\n\nvar _ = strconv.Itoa\n';
    expect(await withImport('has.go', src)).toBe(src);
  });
});
