// false-sharing: atomics of one struct that share a 64-byte cache line.
import type { AnalysedStruct } from '../types/structs.js';
import { docsUrl, type Analyzer } from './analyzer.js';

const cacheLine = 64;

const doc = `Reports a struct with two or more sync/atomic counters (atomic.Int64, atomic.Uint32...) that
fall in the same 64-byte cache line, by the compiler's
layout for the target platform.

Atomic fields exist to be written by several goroutines at once. When two of them share a
cache line, a core that writes one invalidates the line in every other core's cache, and the
core writing the other must fetch it again: the counters are independent, the hardware
traffic is not. Under load this shows as atomics that cost ten times what they should.

Fix: put each hot atomic on a cache line of its own (_ [56]byte of padding after an 8-byte
atomic, or golang.org/x/sys/cpu.CacheLinePad), or keep per-core or per-worker counters and sum
them when read. Mark the struct //heapwise:layout fixed so struct-padding leaves the padding
alone.

Plain int32/int64 fields updated with sync/atomic's functions (atomic.AddInt64(&c.n, 1)) count
as atomics too.

Not reported: structs whose atomics are already a cache line apart, structs with a single
atomic, structs padded by hand with a blank array field (_ [40]byte: laid out per cache line on
purpose, e.g. one slot per worker), layouts fixed on purpose, and sizes heapwise cannot know.
An atomic that is only ever read after start-up, or written by one goroutine only, does not
suffer, and heapwise cannot see that: say so with //heapwise:ignore false-sharing <why>.`;

export const falseSharing: Analyzer = {
  id: 'false-sharing',
  title: 'atomic fields sharing a 64-byte cache line',
  doc,
  url: docsUrl('false-sharing'),
  severity: 'info',
  run(pass) {
    // Counters are often incremented from other packages (s.metrics.Requests.Add(1)).
    let written: Set<string> | undefined;
    const writtenByFunctions = () => (written ??= legacyAtomicWrites(pass.modulePackages.flatMap((p) => [...p.files, ...p.testFiles]).map((f) => pass.read(f))));
    for (const s of pass.structs) {
      if (s.info.unknown || s.info.layoutFixed || padsByHand(s)) continue;
      // sync/atomic types, and plain integer fields updated with the old function API
      // (atomic.AddInt64(&c.n, 1)) somewhere in the module.
      const legacy = s.info.fields.filter((f) => /^u?int(32|64)$/.test(f.type) && writtenByFunctions().has(f.name));
      const atomics = [...atomicFields(s), ...legacy].sort((a, b) => a.offset - b.offset);
      const clash = firstClash(atomics);
      if (!clash) continue;
      const [a, b] = clash;
      pass.report({
        message: `${s.info.name}: atomics ${a.name} (offset ${a.offset}) and ${b.name} (offset ${b.offset}) share a ${cacheLine}-byte cache line: goroutines writing them contend for the line even though the values are independent; pad them apart or split per worker`,
        file: s.info.file,
        line: s.info.line,
        column: s.info.column,
        endLine: s.info.line,
        endColumn: s.info.column + 'struct'.length,
        data: { fields: atomics.map((f) => ({ name: f.name, offset: f.offset, size: f.size })) },
      });
    }
  },
};

/**
 * Names of fields written through sync/atomic's function API anywhere in these sources
 * (`atomic.AddInt64(&c.stats.n, 1)` names n). One scan of the module, not one per field: on the
 * standard library a regular expression per field cost 20 s.
 */
function legacyAtomicWrites(sources: string[]): Set<string> {
  const names = new Set<string>();
  const call = /\batomic\.(?:Add|Store|Swap|CompareAndSwap)(?:Int|Uint)(?:32|64)\(\s*&\s*[\w.]*\.(\w+)/g;
  for (const text of sources) {
    if (!text.includes('atomic.')) continue;
    for (const m of text.matchAll(call)) names.add(m[1]!);
  }
  return names;
}

/**
 * A blank array field (`_ [40]byte`) is padding laid out by hand: the author has thought about
 * cache lines (e.g. one slot per worker, written by that worker only).
 */
function padsByHand(s: AnalysedStruct): boolean {
  return s.info.fields.some((f) => f.name === '_' && f.type.startsWith('['));
}

/** Fields of a sync/atomic type, by the import name the struct's file gives sync/atomic. */
function atomicFields(s: AnalysedStruct): AnalysedStruct['info']['fields'] {
  const names = new Set(s.file.imports.filter((i) => i.path === 'sync/atomic').map((i) => i.name ?? 'atomic'));
  return s.info.fields.filter((f) => {
    // Counters: what is written hot. Bools, pointers and values are mostly flags and
    // configuration, written once and read often, which costs nothing here.
    const m = /^(\w+)\.(Int32|Int64|Uint32|Uint64|Uintptr)$/.exec(f.type);
    return m !== null && names.has(m[1]!);
  });
}

/** Two atomics whose bytes touch the same cache line. */
function firstClash(fields: AnalysedStruct['info']['fields']): [AnalysedStruct['info']['fields'][number], AnalysedStruct['info']['fields'][number]] | undefined {
  const lines = (f: { offset: number; size: number }) => new Set(Array.from({ length: Math.floor((f.offset + Math.max(1, f.size) - 1) / cacheLine) - Math.floor(f.offset / cacheLine) + 1 }, (_, i) => Math.floor(f.offset / cacheLine) + i));
  for (let i = 0; i < fields.length; i++) {
    for (let j = i + 1; j < fields.length; j++) {
      const li = lines(fields[i]!);
      if ([...lines(fields[j]!)].some((l) => li.has(l))) return [fields[i]!, fields[j]!];
    }
  }
  return undefined;
}
