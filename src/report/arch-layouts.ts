// The structs laid out for the other GOARCHes, as the HTML report carries them: only what
// differs from the report's own arch. Most structs are laid out alike on amd64 and arm64, and
// alike on 386 and arm, and many structs of a module share their figures, so a layout that
// differs is one entry in a shared table of figures (the names and types of the fields are the
// report arch's) and each struct refers to it by number. Pure and free of Node APIs: html.ts
// packs, the page (web/structs.ts) unpacks with the same module.
import type { StructInfo } from '../core/report.js';

/** A struct's figures on another arch, as a tuple: on a module with 10,000 structs it counts. */
export type ArchFigures = [
  size: number,
  optimalSize: number,
  ptrBytes: number,
  optimalPtrBytes: number,
  align: number,
  sizeClass: number | null,
  optimalSizeClass: number | null,
  /** offset, size, align of each field in declaration order, flattened. */
  fields: number[],
  /** The optimal order as indexes into the fields. */
  order: number[],
];

/**
 * Per struct of the report's list: `0` the same layout as on the report's arch; `null` not
 * compiled for this arch; a number n >= 1, the figures at `figures[n - 1]`; `{ unknown }` a
 * size that cannot be known there; or the whole struct when the fields themselves differ.
 */
export type ArchEntry = 0 | null | number | { unknown: string } | { struct: StructInfo };

export interface PackedArchLayouts {
  figures: ArchFigures[];
  arches: {
    arch: string;
    entries: ArchEntry[];
    /** Structs compiled only for this arch (in files the report's arch does not build). */
    only: StructInfo[];
  }[];
}

const keyOf = (s: StructInfo) => `${s.file}:${s.line}:${s.column}`;

export function packArchLayouts(structs: StructInfo[], byArch: Record<string, StructInfo[]>): PackedArchLayouts {
  const index = new Map(structs.map((s, i) => [keyOf(s), i]));
  const figures: ArchFigures[] = [];
  const figureIndex = new Map<string, number>();
  const arches: PackedArchLayouts['arches'] = [];
  for (const [arch, list] of Object.entries(byArch)) {
    const mine: (StructInfo | null)[] = structs.map(() => null);
    const only: StructInfo[] = [];
    for (const s of list) {
      const i = index.get(keyOf(s));
      if (i === undefined) only.push(s);
      else mine[i] = s;
    }
    const entries = mine.map((s, i): ArchEntry => {
      if (s === null) return null;
      const base = structs[i]!;
      if (sameLayout(s, base)) return 0;
      if (s.unknown !== undefined) return { unknown: s.unknown };
      if (base.unknown !== undefined || !sameFields(s, base) || s.layoutFixed !== base.layoutFixed) return { struct: s };
      const f = figuresOf(s, base);
      const key = JSON.stringify(f);
      let at = figureIndex.get(key);
      if (at === undefined) figureIndex.set(key, (at = figures.push(f)));
      return at;
    });
    arches.push({ arch, entries, only });
  }
  return { figures, arches };
}

/** The struct as laid out on `arch`, or undefined when it is not compiled there. */
export function unpackArch(structs: StructInfo[], packed: PackedArchLayouts, arch: string, i: number): StructInfo | undefined {
  const base = structs[i]!;
  const e = packed.arches.find((x) => x.arch === arch)?.entries[i];
  if (e === 0 || e === undefined) return base;
  if (e === null) return undefined;
  if (typeof e === 'object' && 'struct' in e) return e.struct;
  if (typeof e === 'object') {
    return { ...base, size: 0, optimalSize: 0, ptrBytes: 0, optimalPtrBytes: 0, align: 0, sizeClass: undefined, optimalSizeClass: undefined, fields: [], optimalOrder: [], unknown: e.unknown };
  }
  const [size, optimalSize, ptrBytes, optimalPtrBytes, align, sizeClass, optimalSizeClass, fields, order] = packed.figures[e - 1]!;
  return {
    ...base,
    size,
    optimalSize,
    ptrBytes,
    optimalPtrBytes,
    align,
    sizeClass: sizeClass ?? undefined,
    optimalSizeClass: optimalSizeClass ?? undefined,
    fields: base.fields.map((f, k) => ({ ...f, offset: fields[3 * k]!, size: fields[3 * k + 1]!, align: fields[3 * k + 2]! })),
    optimalOrder: order.map((k) => base.fields[k]!.name),
  };
}

/** Every struct of `arch`: the report's list as laid out there, then the ones only it compiles. */
export function structsForArch(structs: StructInfo[], packed: PackedArchLayouts, arch: string): StructInfo[] {
  const out: StructInfo[] = [];
  structs.forEach((_, i) => {
    const s = unpackArch(structs, packed, arch, i);
    if (s) out.push(s);
  });
  return [...out, ...(packed.arches.find((x) => x.arch === arch)?.only ?? [])];
}

function figuresOf(s: StructInfo, base: StructInfo): ArchFigures {
  const used = new Set<number>();
  // Optimal order by name; a name can repeat (`_` fields), so each index is taken once.
  const order = s.optimalOrder.map((name) => {
    const k = base.fields.findIndex((f, j) => f.name === name && !used.has(j));
    used.add(k);
    return k;
  });
  return [s.size, s.optimalSize, s.ptrBytes, s.optimalPtrBytes, s.align, s.sizeClass ?? null, s.optimalSizeClass ?? null, s.fields.flatMap((x) => [x.offset, x.size, x.align]), order];
}

function sameFields(a: StructInfo, b: StructInfo): boolean {
  return a.fields.length === b.fields.length && a.fields.every((f, i) => f.name === b.fields[i]!.name && f.type === b.fields[i]!.type);
}

function sameLayout(a: StructInfo, b: StructInfo): boolean {
  return (
    a.unknown === b.unknown &&
    a.layoutFixed === b.layoutFixed &&
    a.size === b.size &&
    a.optimalSize === b.optimalSize &&
    a.ptrBytes === b.ptrBytes &&
    a.optimalPtrBytes === b.optimalPtrBytes &&
    a.align === b.align &&
    a.sizeClass === b.sizeClass &&
    a.optimalSizeClass === b.optimalSizeClass &&
    a.name === b.name &&
    sameFields(a, b) &&
    a.fields.every((f, i) => f.offset === b.fields[i]!.offset && f.size === b.fields[i]!.size && f.align === b.fields[i]!.align) &&
    a.optimalOrder.length === b.optimalOrder.length &&
    a.optimalOrder.every((n, i) => n === b.optimalOrder[i])
  );
}
