// Decoders of profile.proto's small messages (ValueType, Mapping, Function, Location, Line,
// Label) and the ID -> index tables that resolve references between them.
import type { Label, Line, Location, Mapping, ProfileFunction, ValueType } from './model.js';
import { FormatError, Reader } from './protobuf.js';

export interface Span {
  start: number;
  end: number;
}

export type StringAt = (i: number, what: string) => string;

export function valueType(buf: Uint8Array, s: Span, str: StringAt): ValueType {
  let type = 0, unit = 0;
  const r = new Reader(buf, s.start, s.end);
  while (!r.done) {
    const key = r.key();
    if (key === 8) type = r.varint();
    else if (key === 16) unit = r.varint();
    else r.skip(key & 7);
  }
  return { type: str(type, 'sample type'), unit: str(unit, 'sample unit') };
}

export function mapping(buf: Uint8Array, s: Span, str: StringAt): Mapping {
  const m: Mapping = { id: 0, start: 0n, limit: 0n, offset: 0n, file: '', buildId: '', hasFunctions: false, hasFilenames: false, hasLineNumbers: false, hasInlineFrames: false };
  const r = new Reader(buf, s.start, s.end);
  while (!r.done) {
    const key = r.key();
    if ((key & 7) !== 0) { r.skip(key & 7); continue; }
    switch (key >>> 3) {
      case 1: m.id = r.varint(); break;
      case 2: m.start = r.uint64(); break;
      case 3: m.limit = r.uint64(); break;
      case 4: m.offset = r.uint64(); break;
      case 5: m.file = str(r.varint(), 'mapping file'); break;
      case 6: m.buildId = str(r.varint(), 'mapping build id'); break;
      case 7: m.hasFunctions = r.varint() !== 0; break;
      case 8: m.hasFilenames = r.varint() !== 0; break;
      case 9: m.hasLineNumbers = r.varint() !== 0; break;
      case 10: m.hasInlineFrames = r.varint() !== 0; break;
      default: r.varint();
    }
  }
  return m;
}

export function func(buf: Uint8Array, s: Span, str: StringAt): ProfileFunction {
  const f: ProfileFunction = { id: 0, name: '', systemName: '', filename: '', startLine: 0 };
  const r = new Reader(buf, s.start, s.end);
  while (!r.done) {
    const key = r.key();
    if ((key & 7) !== 0) { r.skip(key & 7); continue; }
    switch (key >>> 3) {
      case 1: f.id = r.varint(); break;
      case 2: f.name = str(r.varint(), 'function name'); break;
      case 3: f.systemName = str(r.varint(), 'function system name'); break;
      case 4: f.filename = str(r.varint(), 'function file name'); break;
      case 5: f.startLine = r.varint(); break;
      default: r.varint();
    }
  }
  return f;
}

/** ID -> array index; a dense table when IDs are small (they almost always are: 1..n). */
export type IdIndex = (id: number) => number;

export function indexById(items: { id: number }[], what: string): IdIndex {
  let max = 0;
  for (const it of items) {
    if (it.id === 0) throw new FormatError(`found a ${what} with reserved ID 0`);
    if (it.id > max) max = it.id;
  }
  if (max <= items.length * 4 + 1024) {
    const table = new Int32Array(max + 1).fill(-1);
    items.forEach((it, i) => {
      if (table[it.id] !== -1) throw new FormatError(`two ${what}s have ID ${it.id}`);
      table[it.id] = i;
    });
    return (id) => (id >= 0 && id <= max ? table[id]! : -1);
  }
  const map = new Map<number, number>();
  items.forEach((it, i) => {
    if (map.has(it.id)) throw new FormatError(`two ${what}s have ID ${it.id}`);
    map.set(it.id, i);
  });
  return (id) => map.get(id) ?? -1;
}

export function location(buf: Uint8Array, s: Span, mappingIndex: IdIndex, functionIndex: IdIndex): Location {
  const loc: Location = { id: 0, mapping: -1, address: 0n, lines: [], isFolded: false };
  const r = new Reader(buf, s.start, s.end);
  while (!r.done) {
    const at = r.pos;
    const key = r.key();
    const field = key >>> 3;
    if (field === 4 && (key & 7) === 2) {
      const end = r.lengthEnd();
      loc.lines.push(line(buf, { start: r.pos, end }, functionIndex));
      r.pos = end;
      continue;
    }
    if ((key & 7) !== 0) { r.skip(key & 7); continue; }
    switch (field) {
      case 1: loc.id = r.varint(); break;
      case 2: {
        const id = r.varint();
        if (id !== 0) {
          loc.mapping = mappingIndex(id);
          if (loc.mapping < 0) throw new FormatError(`location refers to mapping ${id}, which does not exist`, at);
        }
        break;
      }
      case 3: loc.address = r.uint64(); break;
      case 5: loc.isFolded = r.varint() !== 0; break;
      default: r.varint();
    }
  }
  return loc;
}

function line(buf: Uint8Array, s: Span, functionIndex: IdIndex): Line {
  const l: Line = { function: -1, line: 0, column: 0 };
  const r = new Reader(buf, s.start, s.end);
  while (!r.done) {
    const at = r.pos;
    const key = r.key();
    if ((key & 7) !== 0) { r.skip(key & 7); continue; }
    const v = r.varint();
    switch (key >>> 3) {
      case 1:
        if (v !== 0) {
          l.function = functionIndex(v);
          if (l.function < 0) throw new FormatError(`line refers to function ${v}, which does not exist`, at);
        }
        break;
      case 2: l.line = v; break;
      case 3: l.column = v; break;
    }
  }
  return l;
}

export function label(buf: Uint8Array, s: Span, str: StringAt): Label {
  const r = new Reader(buf, s.start, s.end);
  const l: Label = { key: '' };
  while (!r.done) {
    const key = r.key();
    if ((key & 7) !== 0) { r.skip(key & 7); continue; }
    const v = r.varint();
    switch (key >>> 3) {
      case 1: l.key = str(v, 'label key'); break;
      case 2: l.str = str(v, 'label value'); break;
      case 3: l.num = v; break;
      case 4: l.numUnit = str(v, 'label unit'); break;
    }
  }
  return l;
}
