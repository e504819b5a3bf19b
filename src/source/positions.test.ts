import { describe, expect, it } from 'vitest';
import { PositionMap } from './positions.js';

describe('PositionMap', () => {
  it('gives Go byte columns and offsets for non-ASCII text', () => {
    const text = 'package p\n// é日本\nvar s = "日本語"; type T struct{}\n';
    const at = text.indexOf('struct');
    const p = new PositionMap(text).pos(at);
    const line = '// é日本\n';
    const before = 'package p\n'.length + Buffer.byteLength(line) + Buffer.byteLength('var s = "日本語"; type T ');
    expect(p).toEqual({ line: 3, column: Buffer.byteLength('var s = "日本語"; type T ') + 1, offset: before });
    expect(Buffer.from(text).subarray(p.offset, p.offset + 6).toString()).toBe('struct');
  });

  it('is the identity for ASCII text', () => {
    const text = 'a\nbc\nd';
    expect(new PositionMap(text).pos(3)).toEqual({ line: 2, column: 2, offset: 3 });
  });
});
