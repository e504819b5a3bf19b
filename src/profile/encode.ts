// Profile -> gzipped profile.proto, through pprof-format's encoder (used for `merge` output).
import { gzipSync } from 'node:zlib';
import { Profile as PbProfile, StringTable } from 'pprof-format';
import type { Profile } from './model.js';

export function encodeProfile(p: Profile): Uint8Array {
  const strings = new StringTable();
  const s = (x: string) => strings.dedup(x);
  const width = p.sampleTypes.length;
  const { count, stackStart, stack, values, labels } = p.samples;
  const sample = [];
  for (let i = 0; i < count; i++) {
    const locationId: number[] = [];
    for (let j = stackStart[i]!; j < stackStart[i + 1]!; j++) locationId.push(p.locations[stack[j]!]!.id);
    const value: (number | bigint)[] = [];
    for (let t = 0; t < width; t++) {
      const v = values[i * width + t]!;
      value.push(Number.isSafeInteger(v) ? BigInt(v) : v);
    }
    const label = (labels[i] ?? []).map((l) => ({
      key: s(l.key),
      ...(l.str !== undefined ? { str: s(l.str) } : {}),
      ...(l.num !== undefined ? { num: l.num } : {}),
      ...(l.numUnit !== undefined ? { numUnit: s(l.numUnit) } : {}),
    }));
    sample.push({ locationId, value, label });
  }
  const pb = new PbProfile({
    sampleType: p.sampleTypes.map((t) => ({ type: s(t.type), unit: s(t.unit) })),
    sample,
    mapping: p.mappings.map((m) => ({
      id: m.id,
      memoryStart: m.start,
      memoryLimit: m.limit,
      fileOffset: m.offset,
      filename: s(m.file),
      buildId: s(m.buildId),
      hasFunctions: m.hasFunctions,
      hasFilenames: m.hasFilenames,
      hasLineNumbers: m.hasLineNumbers,
      hasInlineFrames: m.hasInlineFrames,
    })),
    location: p.locations.map((l) => ({
      id: l.id,
      mappingId: l.mapping >= 0 ? p.mappings[l.mapping]!.id : 0,
      address: l.address,
      line: l.lines.map((ln) => ({ functionId: ln.function >= 0 ? p.functions[ln.function]!.id : 0, line: ln.line, column: ln.column })),
      isFolded: l.isFolded,
    })),
    function: p.functions.map((f) => ({ id: f.id, name: s(f.name), systemName: s(f.systemName), filename: s(f.filename), startLine: f.startLine })),
    stringTable: strings,
    dropFrames: s(p.dropFrames),
    keepFrames: s(p.keepFrames),
    timeNanos: p.timeNanos,
    durationNanos: p.durationNanos,
    ...(p.periodType ? { periodType: { type: s(p.periodType.type), unit: s(p.periodType.unit) } } : {}),
    period: p.period,
    comment: p.comments.map(s),
    defaultSampleType: s(p.defaultSampleType),
    docUrl: s(p.docUrl),
  });
  return gzipSync(pb.encode());
}
