// profile.proto (uncompressed bytes) -> Profile. Semantics follow pprof's profile/proto.go and
// postDecode: string indices must be in range, references to IDs must resolve, every sample has
// one value per sample type. Samples are read straight into typed arrays (see model.ts).
import { func, indexById, label, location, mapping, valueType, type IdIndex, type Span, type StringAt } from './decode-messages.js';
import { emptySamples, type Label, type Profile } from './model.js';
import { decodeUtf8, FormatError, Reader } from './protobuf.js';

export function decodeProfile(buf: Uint8Array): Profile {
  if (buf.length === 0) throw new FormatError('empty input');
  const strings: string[] = [];
  const sampleTypes: Span[] = [];
  // Sample message bounds, in typed arrays: one object per sample costs more in GC than decoding.
  let sampleStart = new Uint32Array(1024);
  let sampleEnd = new Uint32Array(1024);
  let sampleCount = 0;
  const mappings: Span[] = [];
  const locations: Span[] = [];
  const functions: Span[] = [];
  let periodType: Span | undefined;
  let dropFrames = 0, keepFrames = 0, period = 0, defaultSampleType = 0, docUrl = 0;
  const comments: number[] = [];
  let timeNanos = 0n, durationNanos = 0n;

  const r = new Reader(buf);
  while (!r.done) {
    const at = r.pos;
    const key = r.key();
    const field = key >>> 3;
    const wire = key & 7;
    if (field <= 6 || field === 11) {
      if (wire !== 2) throw new FormatError(`field ${field} of Profile has wire type ${wire}, want 2`, at);
      const end = r.lengthEnd();
      const span = { start: r.pos, end };
      switch (field) {
        case 1: sampleTypes.push(span); break;
        case 2:
          if (sampleCount === sampleStart.length) {
            sampleStart = grow(sampleStart);
            sampleEnd = grow(sampleEnd);
          }
          sampleStart[sampleCount] = span.start;
          sampleEnd[sampleCount++] = end;
          break;
        case 3: mappings.push(span); break;
        case 4: locations.push(span); break;
        case 5: functions.push(span); break;
        case 6: strings.push(decodeUtf8(buf.subarray(r.pos, end))); break;
        case 11: periodType = span; break;
      }
      r.pos = end;
      continue;
    }
    if (field === 13) {
      r.repeated(wire, comments);
      continue;
    }
    if (wire !== 0) {
      r.skip(wire);
      continue;
    }
    if (field === 9 || field === 10) {
      const v = BigInt.asIntN(64, r.uint64());
      if (field === 9) timeNanos = v;
      else durationNanos = v;
      continue;
    }
    const v = r.varint();
    switch (field) {
      case 7: dropFrames = v; break;
      case 8: keepFrames = v; break;
      case 12: period = v; break;
      case 14: defaultSampleType = v; break;
      case 15: docUrl = v; break;
    }
  }
  if (strings.length === 0 && sampleCount + locations.length + functions.length + sampleTypes.length > 0) {
    throw new FormatError('profile has no string table');
  }
  if (strings.length > 0 && strings[0] !== '') throw new FormatError('string_table[0] must be the empty string');
  const str = (i: number, what: string): string => {
    const s = strings[i];
    if (s === undefined || !Number.isInteger(i)) throw new FormatError(`${what} refers to string ${i}, outside the string table (${strings.length} strings)`);
    return s;
  };

  const p: Profile = {
    sampleTypes: sampleTypes.map((s) => valueType(buf, s, str)),
    defaultSampleType: str(defaultSampleType, 'default_sample_type'),
    samples: emptySamples(),
    mappings: mappings.map((s) => mapping(buf, s, str)),
    locations: [],
    functions: functions.map((s) => func(buf, s, str)),
    dropFrames: str(dropFrames, 'drop_frames'),
    keepFrames: str(keepFrames, 'keep_frames'),
    timeNanos,
    durationNanos,
    periodType: periodType && valueType(buf, periodType, str),
    period,
    comments: comments.map((c) => str(c, 'comment')),
    docUrl: str(docUrl, 'doc_url'),
  };
  const mappingIndex = indexById(p.mappings, 'mapping');
  const functionIndex = indexById(p.functions, 'function');
  p.locations = locations.map((s) => location(buf, s, mappingIndex, functionIndex));
  const locationIndex = indexById(p.locations, 'location');
  p.samples = decodeSamples(buf, sampleStart, sampleEnd, sampleCount, p.sampleTypes.length, locationIndex, str);
  return p;
}

function grow(a: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}

function decodeSamples(
  buf: Uint8Array,
  spanStart: Uint32Array,
  spanEnd: Uint32Array,
  count: number,
  typeCount: number,
  locationIndex: IdIndex,
  str: StringAt,
): Profile['samples'] {
  const stackStart = new Uint32Array(count + 1);
  let stack = new Uint32Array(Math.max(16, count * 8));
  let n = 0;
  const values = new Float64Array(count * typeCount);
  const labels: (Label[] | undefined)[] = new Array(count);
  const r = new Reader(buf);
  // Samples of a heap profile mostly carry the same few labels ({bytes: size class}): identical
  // label bytes share one decoded array.
  const labelCache = new Map<string, Label[]>();
  for (let i = 0; i < count; i++) {
    const span = { start: spanStart[i]!, end: spanEnd[i]! };
    r.pos = span.start;
    r.end = span.end;
    let labelKey = '';
    let labelSpans: Span[] | undefined;
    stackStart[i] = n;
    let nv = 0;
    const vbase = i * typeCount;
    while (r.pos < span.end) {
      const at = r.pos;
      const key = r.key();
      const field = key >>> 3;
      const wire = key & 7;
      if (field === 1 || field === 2) {
        // Packed (wire type 2) or one element per key (wire type 0).
        if (wire !== 0 && wire !== 2) throw new FormatError(`sample field ${field} has wire type ${wire}`, at);
        const end = wire === 2 ? r.lengthEnd() : -1;
        if (field === 1 && end >= 0) {
          // The hot loop (a stack is tens of IDs, a big profile has millions): varints of up to
          // four bytes decoded inline, longer ones through the reader.
          let pos = r.pos;
          while (pos < end) {
            let v = buf[pos++]!;
            if (v >= 0x80) {
              if (pos + 3 <= end && buf[pos]! < 0x80) v = (v & 0x7f) | (buf[pos++]! << 7);
              else if (pos + 3 <= end && buf[pos + 1]! < 0x80) { v = (v & 0x7f) | ((buf[pos]! & 0x7f) << 7) | (buf[pos + 1]! << 14); pos += 2; }
              else {
                r.pos = pos - 1;
                v = r.varint();
                pos = r.pos;
              }
            }
            const li = locationIndex(v);
            if (li < 0) throw new FormatError(`sample refers to location ${v}, which does not exist`, at);
            if (n === stack.length) stack = grow(stack);
            stack[n++] = li;
          }
          if (pos !== end) throw new FormatError('packed field overruns its length', at);
          r.pos = pos;
          continue;
        }
        let once = end < 0;
        while (once || r.pos < end) {
          once = false;
          const v = r.varint();
          if (field === 1) {
            const li = locationIndex(v);
            if (li < 0) throw new FormatError(`sample refers to location ${v}, which does not exist`, at);
            if (n === stack.length) stack = grow(stack);
            stack[n++] = li;
          } else {
            if (nv >= typeCount) throw new FormatError(`sample has more values than the ${typeCount} sample types`, at);
            values[vbase + nv++] = v;
          }
        }
        if (end >= 0 && r.pos !== end) throw new FormatError('packed field overruns its length', at);
      } else if (field === 3 && wire === 2) {
        const end = r.lengthEnd();
        (labelSpans ??= []).push({ start: r.pos, end });
        labelKey += end - r.pos <= 64 ? String.fromCharCode.apply(null, buf.subarray(r.pos, end) as unknown as number[]) + '\u0100' : '\u0101' + i;
        r.pos = end;
      } else {
        r.skip(wire);
      }
    }
    if (labelSpans) {
      let ls = labelCache.get(labelKey);
      if (!ls) {
        ls = labelSpans.map((sp) => label(buf, sp, str));
        if (labelCache.size < 4096) labelCache.set(labelKey, ls);
      }
      labels[i] = ls;
    }
    if (nv !== typeCount) throw new FormatError(`sample ${i} has ${nv} values but the profile has ${typeCount} sample types`, span.start);
  }
  stackStart[count] = n;
  return { count, stackStart, stack: stack.subarray(0, n), values, labels };
}

