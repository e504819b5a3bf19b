import { describe, expect, it } from 'vitest';
import { OverlappingEdits, applyEdits } from './apply.js';

describe('applyEdits', () => {
  it('replaces byte ranges, counting bytes not characters', () => {
    const src = Buffer.from('a := "é"; b := 1', 'utf8');
    const at = src.indexOf('b');
    const out = applyEdits(src, [{ file: 'x.go', start: at, end: at + 1, newText: 'bb' }]);
    expect(out.toString('utf8')).toBe('a := "é"; bb := 1');
  });

  it('applies several edits in any order', () => {
    const out = applyEdits(Buffer.from('0123456789'), [
      { file: 'f', start: 8, end: 9, newText: 'X' },
      { file: 'f', start: 1, end: 3, newText: '' },
    ]);
    expect(out.toString()).toBe('034567X9');
  });

  it('refuses overlapping edits', () => {
    expect(() =>
      applyEdits(Buffer.from('0123456789'), [
        { file: 'f', start: 1, end: 5, newText: '' },
        { file: 'f', start: 4, end: 6, newText: '' },
      ]),
    ).toThrow(OverlappingEdits);
  });
});
