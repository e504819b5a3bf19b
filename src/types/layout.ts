// Size, alignment and pointer bytes of Go types, by the gc compiler's rules
// (cmd/compile/internal/types/size.go), and the field order fieldalignment proposes.
import type { Arch } from './arch.js';
import { goSortSlice } from './go-sort.js';

/** What the layout of a type comes down to. */
export interface Layout {
  size: number;
  align: number;
  /** Leading bytes that may contain pointers (the compiler's PtrDataSize). */
  ptrBytes: number;
}

/** A size that cannot be known: a type parameter, a cgo type, an unresolved import... */
export class UnknownSize extends Error {
  override name = 'UnknownSize';
}

export function roundUp(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}

const fixedBasic: Record<string, [size: number, align64: boolean]> = {
  bool: [1, false],
  int8: [1, false],
  uint8: [1, false],
  byte: [1, false],
  int16: [2, false],
  uint16: [2, false],
  int32: [4, false],
  uint32: [4, false],
  rune: [4, false],
  float32: [4, false],
  int64: [8, true],
  uint64: [8, true],
  float64: [8, true],
};

/** Layout of a predeclared type, or undefined when `name` is not one. */
export function basicLayout(name: string, arch: Arch): Layout | undefined {
  const w = arch.ptrSize;
  const fixed = fixedBasic[name];
  if (fixed) {
    const [size, wide] = fixed;
    return { size, align: wide ? arch.regSize : size, ptrBytes: 0 };
  }
  switch (name) {
    case 'int':
    case 'uint':
    case 'uintptr':
      return { size: w, align: w, ptrBytes: 0 };
    case 'complex64':
      return { size: 8, align: 4, ptrBytes: 0 };
    case 'complex128':
      return { size: 16, align: arch.regSize, ptrBytes: 0 };
    case 'string':
      return { size: 2 * w, align: w, ptrBytes: w };
    case 'error':
    case 'any':
    case 'comparable':
      return interfaceLayout(arch);
  }
  return undefined;
}

export const pointerLayout = (arch: Arch): Layout => ({ size: arch.ptrSize, align: arch.ptrSize, ptrBytes: arch.ptrSize });
export const sliceLayout = (arch: Arch): Layout => ({ size: 3 * arch.ptrSize, align: arch.ptrSize, ptrBytes: arch.ptrSize });
export const interfaceLayout = (arch: Arch): Layout => ({
  size: 2 * arch.ptrSize,
  align: arch.ptrSize,
  ptrBytes: 2 * arch.ptrSize,
});

export function arrayLayout(len: number, elem: Layout): Layout {
  const size = len * elem.size;
  if (!Number.isSafeInteger(size)) throw new UnknownSize('array too large');
  const ptrBytes = len === 0 || elem.ptrBytes === 0 ? 0 : (len - 1) * elem.size + elem.ptrBytes;
  return { size, align: elem.align, ptrBytes };
}

export interface FieldPlacement extends Layout {
  offset: number;
}

/**
 * Lays fields out in the given order. `minAlign` is 8 for sync/atomic's align64 marker type.
 * A struct that ends in a zero-size field gets one byte more (before rounding), so that the
 * address of that field cannot point at the next object (Go issue 9401).
 */
export function structLayout(fields: Layout[], minAlign = 1): { layout: Layout; offsets: number[] } {
  let offset = 0;
  let align = minAlign;
  let ptrBytes = 0;
  const offsets: number[] = [];
  for (const f of fields) {
    offset = roundUp(offset, f.align);
    offsets.push(offset);
    if (f.ptrBytes !== 0) ptrBytes = offset + f.ptrBytes;
    offset += f.size;
    if (f.align > align) align = f.align;
  }
  if (offset > 0 && fields.length > 0 && fields[fields.length - 1]!.size === 0) offset++;
  return { layout: { size: roundUp(offset, align), align, ptrBytes }, offsets };
}

/**
 * The order golang.org/x/tools fieldalignment proposes: zero-size fields first, then by
 * alignment (larger first), pointerful before pointer-free, among pointerful ones those with
 * fewer trailing non-pointer bytes first, then larger first. It sorts with sort.Slice, which is
 * not stable, so ties are broken exactly as Go's pdqsort breaks them.
 */
export function optimalOrder(fields: Layout[]): number[] {
  const elems = fields.map((f, index) => ({ index, ...f }));
  goSortSlice(elems, (a, b) => {
    const za = a.size === 0;
    const zb = b.size === 0;
    if (za !== zb) return za;
    if (a.align !== b.align) return a.align > b.align;
    const noPtrA = a.ptrBytes === 0;
    const noPtrB = b.ptrBytes === 0;
    if (noPtrA !== noPtrB) return noPtrB;
    if (!noPtrA) {
      const trailA = a.size - a.ptrBytes;
      const trailB = b.size - b.ptrBytes;
      if (trailA !== trailB) return trailA < trailB;
    }
    return a.size > b.size;
  });
  return elems.map((e) => e.index);
}
