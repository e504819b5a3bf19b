// The importer on real profiles and on broken ones: fuzzed with random bytes, truncations and bit
// flips of real files, it must return a profile or throw one InputError of one line naming the
// file, never crash or hang.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../core/errors.js';
import { decodeProfile } from './decode.js';
import { encodeProfile } from './encode.js';
import { select } from './filter.js';
import { parseProfile } from './load.js';
import { list } from './list.js';
import { top } from './top.js';
import { tree } from './tree.js';

const shared = path.resolve(import.meta.dirname, '../../../shared/testdata/pprof');
let sharedFiles: string[] = [];
try {
  sharedFiles = readdirSync(shared).filter((f) => !/^(LICENSE|README|MANIFEST)/.test(f));
} catch {
  console.warn(`shared test data not found at ${shared}: the importer is fuzzed on generated inputs only`);
}
const readShared = (f: string) => new Uint8Array(readFileSync(path.join(shared, f)));
// Seeds: a gzipped Go heap profile, a raw one, legacy heap, contention and goroutine text, a CPU profile.
const seedNames = ['parca-alloc_objects.pb.gz', 'go126.allocs.pb', 'go126.heap.txt', 'pprof-gobench.heap', 'pprof-sample.cpu.pb', 'go126.mutex.txt', 'pprof-cppbench.contention', 'go126.goroutine.txt'].filter((f) => sharedFiles.includes(f));
const seeds = seedNames.map(readShared);

/** Parses, then runs the views over whatever parsed: only InputError (or UsageError from a view) may come out. */
function survive(data: Uint8Array): void {
  let p;
  try {
    p = parseProfile(data, 'fuzz.pb.gz');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    const msg = (e as Error).message;
    expect(msg.startsWith('fuzz.pb.gz: ')).toBe(true);
    expect(msg).not.toContain('\n');
    return;
  }
  try {
    const sel = select(p);
    top(sel, { count: 10 });
    tree(sel);
    list(sel, /./, () => ['', 'line']);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
  }
}

describe('parseProfile on broken input', () => {
  it.each([
    ['empty', new Uint8Array(0), /empty file/],
    ['a gzip cut short', gzipSync(Buffer.from('x'.repeat(1000))).subarray(0, 12), /cannot decompress/],
    ['gzip of random bytes', gzipSync(Buffer.from([0xff, 0xff, 0xff, 0x07, 0x01])), /not a valid profile/],
    ['Go source', Buffer.from('package main\n\nfunc main() {}\n'), /not a valid profile.*looks like text/],
    ['a heap profile with a malformed sample', Buffer.from('heap profile: 1: 2 [3: 4] @ heap/1024\n1: x [3: 4] @ 0x1\n'), /line 2: malformed heap sample/],
    ['a legacy threadz profile', Buffer.from('--- threadz 1 ---\n'), /not supported; convert with `go tool pprof -proto`/],
    ['a goroutine profile with a malformed sample', Buffer.from('goroutine profile: total 3\n1 @ 0x1 zz\n'), /line 2: malformed goroutine sample/],
    ['a mutex profile with a malformed sample', Buffer.from('--- mutex:\ncycles/second=1000\n12 x @ 0x1\n'), /line 3: malformed contention sample/],
  ])('%s: one InputError naming the file', (_, data, want) => {
    expect(() => parseProfile(data, 'bad.pb.gz')).toThrow(InputError);
    expect(() => parseProfile(data, 'bad.pb.gz')).toThrow(want);
    expect(() => parseProfile(data, 'bad.pb.gz')).toThrow(/^bad\.pb\.gz: /);
  });

  it.skipIf(seeds.length === 0)('a raw profile.proto cut mid-message names the byte offset', () => {
    const raw = gunzipSync(readShared('parca-alloc_objects.pb.gz'));
    expect(() => parseProfile(raw.subarray(0, Math.floor(raw.length / 2)), 'cut.pb')).toThrow(/^cut\.pb: not a valid profile: .* at byte \d+/);
  });

  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), (b) => survive(b)), { numRuns: 500 });
  });

  it('random bytes behind a gzip header', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 1024 }), (b) => survive(gzipSync(b))), { numRuns: 200 });
  });

  it.skipIf(seeds.length === 0)('truncations of real profiles (gzipped, raw, text)', () => {
    const inputs = seeds.flatMap((s) => (s[0] === 0x1f ? [s, new Uint8Array(gunzipSync(s))] : [s]));
    fc.assert(
      fc.property(fc.nat(inputs.length - 1), fc.double({ min: 0, max: 1, noNaN: true }), (i, frac) => {
        const s = inputs[i]!;
        survive(s.subarray(0, Math.floor(s.length * frac)));
      }),
      { numRuns: 300 },
    );
  });

  it.skipIf(seeds.length === 0)('bit flips of real profiles', () => {
    const inputs = seeds.map((s) => (s[0] === 0x1f ? new Uint8Array(gunzipSync(s)) : s));
    fc.assert(
      fc.property(fc.nat(inputs.length - 1), fc.array(fc.tuple(fc.nat(), fc.nat(7)), { minLength: 1, maxLength: 8 }), (i, flips) => {
        const b = Uint8Array.from(inputs[i]!);
        for (const [at, bit] of flips) b[at % b.length]! ^= 1 << bit;
        survive(b);
      }),
      { numRuns: 400 },
    );
  });
});

describe('parseProfile on real profiles', () => {
  it.skipIf(sharedFiles.length === 0)('decodes gzipped and raw forms of one profile the same', () => {
    const gz = parseProfile(readShared('pprof-sample.cpu'), 'pprof-sample.cpu');
    const raw = parseProfile(readShared('pprof-sample.cpu.pb'), 'pprof-sample.cpu.pb');
    expect(raw).toEqual(gz);
    expect(gz.samples.count).toBeGreaterThan(0);
    expect(gz.sampleTypes.map((t) => t.type)).toEqual(['samples', 'cpu']);
  });

  it.skipIf(sharedFiles.length === 0)('survives an encode/decode round trip unchanged', () => {
    for (const f of ['parca-alloc_space_delta.pb.gz', 'go126.allocs.pb', 'go-inline_hot.pprof']) {
      const p = parseProfile(readShared(f), f);
      const again = decodeProfile(gunzipSync(encodeProfile(p)));
      expect(again).toEqual(p);
    }
  });

  it.skipIf(sharedFiles.length === 0)('keeps inlined frames, innermost first, and 64-bit times exactly', () => {
    const p = parseProfile(readShared('go126.allocs.pb'), 'go126.allocs.pb');
    const inlined = p.locations.filter((l) => l.lines.length > 1);
    expect(inlined.length).toBeGreaterThan(0);
    expect(p.timeNanos).toBeGreaterThan(1_700_000_000_000_000_000n);
    expect(p.sampleTypes.map((t) => `${t.type}/${t.unit}`)).toEqual(['alloc_objects/count', 'alloc_space/bytes', 'inuse_objects/count', 'inuse_space/bytes']);
  });
});
