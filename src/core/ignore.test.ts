import { describe, expect, it } from 'vitest';
import type { Finding } from './finding.js';
import { applyIgnores, ignoresIn } from './ignore.js';

const finding = (line: number, analyzer = 'defer-in-loop'): Finding => ({
  analyzer,
  severity: 'warning',
  message: 'm',
  file: 'a.go',
  line,
  column: 1,
  endLine: line,
  endColumn: 2,
});

const src = [
  'package a',
  '//heapwise:ignore defer-in-loop the loop runs twice at most',
  'defer x()',
  'defer y() //heapwise:ignore defer-in-loop,string-concat-loop bounded by the caller',
  '//heapwise:ignore defer-in-loop',
  'defer z()',
  '//heapwise:ignore huge-param copied once at start-up',
  'fine()',
].join('\n');

describe('heapwise:ignore', () => {
  const ignores = ignoresIn('a.go', src);

  it('reads ids and reasons', () => {
    expect(ignores.map((c) => [c.line, c.ids, c.reason])).toEqual([
      [2, ['defer-in-loop'], 'the loop runs twice at most'],
      [4, ['defer-in-loop', 'string-concat-loop'], 'bounded by the caller'],
      [5, ['defer-in-loop'], ''],
      [7, ['huge-param'], 'copied once at start-up'],
    ]);
  });

  it('suppresses matching findings on the line or below, and reports ignores without a reason', () => {
    const out = applyIgnores([finding(3), finding(4), finding(6), finding(3, 'huge-param')], ignores, false);
    expect(out.map((f) => `${f.analyzer}:${f.line}`)).toEqual(['defer-in-loop:6', 'huge-param:3', 'ignore:5']);
  });

  it('reports ignores that suppress nothing when strict', () => {
    const out = applyIgnores([finding(3), finding(4)], ignores, true);
    expect(out.map((f) => `${f.analyzer}:${f.line}`)).toEqual(['ignore:5', 'ignore:7']);
  });
});
