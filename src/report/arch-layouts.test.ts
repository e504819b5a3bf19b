import { describe, expect, it } from 'vitest';
import type { StructInfo } from '../core/report.js';
import { packArchLayouts, structsForArch, unpackArch } from './arch-layouts.js';

function struct(name: string, line: number, fields: [string, string, number, number, number][], more: Partial<StructInfo> = {}): StructInfo {
  const last = fields[fields.length - 1];
  const size = last ? last[2] + last[3] : 0;
  return {
    package: 'example.com/p',
    name,
    file: 'p/p.go',
    line,
    column: 8,
    size,
    optimalSize: size,
    ptrBytes: 0,
    optimalPtrBytes: 0,
    align: fields.length > 0 ? Math.max(...fields.map((f) => f[4])) : 0,
    ...(more.unknown ? {} : { sizeClass: size, optimalSizeClass: size }),
    fields: fields.map(([n, type, offset, s, align]) => ({ name: n, type, offset, size: s, align })),
    optimalOrder: fields.map((f) => f[0]),
    ...more,
  };
}

describe('packArchLayouts', () => {
  const a64 = [
    struct('Same', 1, [['a', 'int32', 0, 4, 4]]),
    struct('Word', 5, [['_', 'bool', 0, 1, 1], ['n', 'int', 8, 8, 8], ['_', 'bool', 16, 1, 1]], { size: 24, optimalSize: 16, sizeClass: 24, optimalSizeClass: 16, optimalOrder: ['n', '_', '_'] }),
    struct('Gone', 9, [['p', '*int', 0, 8, 8]], { ptrBytes: 8, optimalPtrBytes: 8 }),
    struct('Generic', 12, [], { unknown: 'generic type' }),
    struct('Cgo', 15, [['x', 'C.int', 0, 4, 4]]),
  ];
  const a32 = [
    a64[0]!,
    struct('Word', 5, [['_', 'bool', 0, 1, 1], ['n', 'int', 4, 4, 4], ['_', 'bool', 8, 1, 1]], { size: 12, optimalSize: 8, sizeClass: 16, optimalSizeClass: 8, optimalOrder: ['n', '_', '_'] }),
    // Gone is not compiled on 32-bit; Only32 only is.
    struct('Generic', 12, [], { unknown: 'generic type' }),
    struct('Cgo', 15, [], { unknown: 'cgo type C.int' }),
    struct('Only32', 20, [['x', 'uint32', 0, 4, 4]]),
  ];
  const packed = packArchLayouts(a64, { '386': a32, arm: structuredClone(a32), arm64: structuredClone(a64) });

  it('keeps only what differs, each layout once', () => {
    const [i386, arm, arm64] = packed.arches;
    expect(packed.figures).toEqual([[12, 8, 0, 0, 4, 16, 8, [0, 1, 1, 4, 4, 4, 8, 1, 1], [1, 0, 2]]]);
    expect(i386!.entries).toEqual([0, 1, null, 0, { unknown: 'cgo type C.int' }]);
    expect(i386!.only.map((s) => s.name)).toEqual(['Only32']);
    expect(arm!.entries).toEqual(i386!.entries);
    expect(arm64!.entries).toEqual([0, 0, 0, 0, 0]);
  });

  it('unpacks to the lists it was given', () => {
    expect(structsForArch(a64, packed, '386')).toEqual(a32.map((s) => expect.objectContaining(s)));
    expect(structsForArch(a64, packed, 'arm').map((s) => s.name)).toEqual(a32.map((s) => s.name));
    expect(structsForArch(a64, packed, 'arm64')).toEqual(a64);
    expect(unpackArch(a64, packed, '386', 1)).toEqual(a32[1]);
    expect(unpackArch(a64, packed, '386', 4)!.unknown).toBe('cgo type C.int');
    expect(unpackArch(a64, packed, '386', 4)!.fields).toEqual([]);
  });

  it('carries the whole struct when the report arch could not lay it out', () => {
    const known = struct('Generic', 12, [['x', 'uint32', 0, 4, 4]]);
    const p = packArchLayouts([a64[3]!], { '386': [known] });
    expect(p.arches[0]!.entries[0]).toEqual({ struct: known });
    expect(unpackArch([a64[3]!], p, '386', 0)).toEqual(known);
  });
});
