import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatError, Reader } from './protobuf.js';

/** Reference varint encoder on bigints (two's complement for negatives, as int64 fields are). */
function encodeVarint(v: bigint): number[] {
  let u = BigInt.asUintN(64, v);
  const out: number[] = [];
  do {
    let b = Number(u & 0x7fn);
    u >>= 7n;
    if (u !== 0n) b |= 0x80;
    out.push(b);
  } while (u !== 0n);
  return out;
}

describe('Reader', () => {
  it('reads int64 varints exactly within the safe integer range, negatives included', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 53n) + 1n, max: 2n ** 53n - 1n }), (v) => {
        const r = new Reader(Uint8Array.from(encodeVarint(v)));
        expect(r.varint()).toBe(Number(v));
        expect(r.done).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads uint64 varints exactly (addresses above 2^63)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (v) => {
        expect(new Reader(Uint8Array.from(encodeVarint(v))).uint64()).toBe(v);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads packed and unpacked repeated integers', () => {
    const out: number[] = [];
    new Reader(Uint8Array.from([3, 1, 0x96, 0x01])).repeated(2, out);
    expect(out).toEqual([1, 150]);
    const one: number[] = [];
    new Reader(Uint8Array.from([7])).repeated(0, one);
    expect(one).toEqual([7]);
  });

  it('names the offset of a truncated varint, an overlong one, a length past the end', () => {
    expect(() => new Reader(Uint8Array.from([0x80, 0x80])).varint()).toThrow(new FormatError('truncated varint', 2));
    expect(() => new Reader(Uint8Array.from(new Array(11).fill(0xff))).varint()).toThrow(/varint longer than 10 bytes at byte 0/);
    expect(() => new Reader(Uint8Array.from([5, 1, 2])).lengthEnd()).toThrow(/length 5 runs past the end of its message at byte 0/);
    expect(() => new Reader(Uint8Array.from([1])).skip(3)).toThrow(/unsupported wire type 3/);
  });
});
