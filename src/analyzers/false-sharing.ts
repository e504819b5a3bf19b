// false-sharing: atomics of one struct that share a 64-byte cache line.
import path from 'node:path';
import type { AnalysedStruct } from '../types/structs.js';
import { docsUrl, type Analyzer, type Pass } from './analyzer.js';
import { atomicWrites, isWritten, usedAsElement, writtenTogether, writtenUnderOneLock, type AtomicWrites } from './atomic-writes.js';

const cacheLine = 64;

const doc = `Reports a struct with two or more sync/atomic counters (atomic.Int64, atomic.Uint32...) that
fall in the same 64-byte cache line, by the compiler's layout for the target platform, and are
written independently; and a struct of atomic counters only, smaller than a cache line, used
as an array or slice element (one slot per worker, slots side by side).

Atomic fields exist to be written by several goroutines at once. When two of them share a
cache line, a core that writes one invalidates the line in every other core's cache, and the
core writing the other must fetch it again: the counters are independent, the hardware
traffic is not. Under load this shows as atomics that cost ten times what they should. The
same happens between neighbouring elements of an array of small per-worker counters.

Fix: put each hot atomic on a cache line of its own (_ [56]byte of padding after an 8-byte
atomic, or golang.org/x/sys/cpu.CacheLinePad), or keep per-core or per-worker counters and sum
them when read. Mark the struct //heapwise:layout fixed so struct-padding leaves the padding
alone.

Plain int32/int64 fields updated with sync/atomic's functions (atomic.AddInt64(&c.n, 1)) count
as atomics too. heapwise looks for the writes in the whole module (Add, Store, Swap,
CompareAndSwap, And, Or, or the address handed out, after which anything may write).

Not reported: structs whose atomics are already a cache line apart, structs with a single
atomic that are not array elements, atomics the module never writes (only loaded: set once,
read on the hot path), atomics always written together, one right after the other (the same
goroutine writes both: padding them apart would only touch two lines instead of one; a write
in a one-statement accessor method, s.IncPageCount(n), is made where the method is called),
atomics whose every write holds the same mutex (the writers take turns anyway), structs padded
by hand with a blank array field (_ [40]byte: laid out per cache line on purpose), layouts
fixed on purpose, and sizes heapwise cannot know. Writes in _test.go files count only for
atomics the program itself never writes: a test bumps and checks one counter at a time. An
atomic written by one goroutine only does not suffer either, and heapwise cannot always see
that: say so with
//heapwise:ignore false-sharing <why>.`;

export const falseSharing: Analyzer = {
  id: 'false-sharing',
  title: 'atomic fields sharing a 64-byte cache line',
  doc,
  url: docsUrl('false-sharing'),
  severity: 'info',
  run(pass) {
    // Counters are often incremented from other packages (s.metrics.Requests.Add(1)): one scan
    // of the whole module finds where every atomic is written.
    let writes: AtomicWrites | undefined;
    const moduleWrites = () => (writes ??= writesIn(pass));
    for (const s of pass.structs) {
      if (s.info.unknown || s.info.layoutFixed || padsByHand(s)) continue;
      const typed = atomicFields(s);
      if (typed.length === 0 && !s.info.fields.some((f) => /^u?int(32|64)$/.test(f.type))) continue;
      const w = moduleWrites();
      // sync/atomic types, and plain integer fields updated with the old function API
      // (atomic.AddInt64(&c.n, 1)) in the struct's own package: plain fields are matched by
      // name, and every package has an n or an i somewhere. An atomic nobody writes (set at
      // start-up, then only loaded) costs nothing to share.
      const ownPackage = (file: number) => path.dirname(w.paths[file]!) === s.scope.pkg.dir;
      const legacy = s.info.fields.filter((f) => /^u?int(32|64)$/.test(f.type) && [...(w.viaFunctions.get(f.name) ?? [])].some(ownPackage));
      const atomics = [...typed, ...legacy].filter((f) => isWritten(w, f.name)).sort((a, b) => a.offset - b.offset);
      const data = { fields: atomics.map((f) => ({ name: f.name, offset: f.offset, size: f.size })) };
      const clash = firstClash(atomics, (a, b) => !writtenTogether(w, a.name, b.name) && !writtenUnderOneLock(w, a.name, b.name));
      if (clash) {
        const [a, b] = clash;
        reportAt(pass, s, `${s.info.name}: atomics ${a.name} (offset ${a.offset}) and ${b.name} (offset ${b.offset}) share a ${cacheLine}-byte cache line: goroutines writing them contend for the line even though the values are independent; pad them apart or split per worker`, data);
      } else if (atomics.length > 0 && isCounterSlot(s, [...typed, ...legacy]) && usedAsElement(w, s.info.name, s.scope.pkg.name, ownPackage)) {
        // One slot per worker, slots side by side in an array or slice: neighbours share a line.
        reportAt(pass, s, `${s.info.name}: ${Math.floor(cacheLine / s.info.size)} of its ${s.info.size}-byte values fit in one ${cacheLine}-byte cache line and it is used as an array or slice element: goroutines writing the atomic ${atomics[0]!.name} of neighbouring elements contend for the line; pad it to ${cacheLine} bytes (_ [${cacheLine - s.info.size}]byte)`, data);
      }
    }
  },
};

/**
 * A named struct smaller than a cache line made of atomic counters only: a per-worker slot.
 * A larger value that merely holds an atomic (a connection with its in-use flag) is one
 * goroutine's at a time as often as not.
 */
function isCounterSlot(s: AnalysedStruct, atomics: Field[]): boolean {
  return s.info.name !== 'struct' && s.info.size > 0 && s.info.size < cacheLine && s.info.fields.every((f) => f.name === '_' || atomics.includes(f));
}

function writesIn(pass: Pass): AtomicWrites {
  const paths = pass.modulePackages.flatMap((p) => [...p.files, ...p.testFiles]);
  return atomicWrites(paths, paths.map((f) => pass.read(f)));
}

function reportAt(pass: Pass, s: AnalysedStruct, message: string, data: Record<string, unknown>): void {
  pass.report({ message, file: s.info.file, line: s.info.line, column: s.info.column, endLine: s.info.line, endColumn: s.info.column + 'struct'.length, data });
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

/** Two atomics whose bytes touch the same cache line and that are written independently. */
function firstClash(fields: Field[], independent: (a: Field, b: Field) => boolean): [Field, Field] | undefined {
  const lines = (f: { offset: number; size: number }) => new Set(Array.from({ length: Math.floor((f.offset + Math.max(1, f.size) - 1) / cacheLine) - Math.floor(f.offset / cacheLine) + 1 }, (_, i) => Math.floor(f.offset / cacheLine) + i));
  for (let i = 0; i < fields.length; i++) {
    for (let j = i + 1; j < fields.length; j++) {
      const li = lines(fields[i]!);
      if ([...lines(fields[j]!)].some((l) => li.has(l)) && independent(fields[i]!, fields[j]!)) return [fields[i]!, fields[j]!];
    }
  }
  return undefined;
}

type Field = AnalysedStruct['info']['fields'][number];
