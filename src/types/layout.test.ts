import { describe, expect, it } from 'vitest';
import { arches } from './arch.js';
import { arrayLayout, basicLayout, optimalOrder, pointerLayout, structLayout } from './layout.js';

const amd64 = arches.amd64!;
const i386 = arches['386']!;
const b = (name: string, arch = amd64) => basicLayout(name, arch)!;

describe('gc layout rules', () => {
  it('aligns 64-bit values to the register size and complex64 like [2]float32', () => {
    expect(b('int64', i386)).toEqual({ size: 8, align: 4, ptrBytes: 0 });
    expect(b('float64')).toEqual({ size: 8, align: 8, ptrBytes: 0 });
    expect(b('complex64')).toEqual({ size: 8, align: 4, ptrBytes: 0 });
    expect(b('string', i386)).toEqual({ size: 8, align: 4, ptrBytes: 4 });
    expect(b('error')).toEqual({ size: 16, align: 8, ptrBytes: 16 });
  });

  it('pads a struct and counts pointer bytes up to the last pointer', () => {
    const { layout, offsets } = structLayout([b('bool'), b('int64'), b('bool')]);
    expect(layout).toEqual({ size: 24, align: 8, ptrBytes: 0 });
    expect(offsets).toEqual([0, 8, 16]);
    expect(structLayout([b('int64'), pointerLayout(amd64)]).layout.ptrBytes).toBe(16);
  });

  it('adds a byte after a trailing zero-size field', () => {
    const empty = structLayout([]).layout;
    expect(structLayout([b('int64'), empty]).layout.size).toBe(16);
    expect(structLayout([empty, b('int64')]).layout.size).toBe(8);
  });

  it('counts array pointer bytes up to the last element’s pointers', () => {
    expect(arrayLayout(3, b('string'))).toEqual({ size: 48, align: 8, ptrBytes: 40 });
    expect(arrayLayout(0, b('string')).ptrBytes).toBe(0);
  });

  it('orders fields like fieldalignment: zero-size, alignment, pointers first', () => {
    const empty = structLayout([]).layout;
    const fields = [b('bool'), b('string'), empty, b('int64'), pointerLayout(amd64)];
    expect(optimalOrder(fields)).toEqual([2, 4, 1, 3, 0]);
  });
});
