// Legacy text heap profiles. Agreement of every value with go tool pprof is checked end to end
// (test/e2e/profile-top.test.ts, on the shared peer profiles); here, the parts of pprof's
// semantics that are easy to get wrong.
import { describe, expect, it } from 'vitest';
import { isLegacyHeap, parseLegacyHeap } from './legacy-heap.js';
import { FormatError } from './protobuf.js';

const goHeap = `heap profile: 2: 3072 [5: 9216] @ heap/1048576
1: 2048 [3: 6144] @ 0x4010 0x4020
1: 1024 [2: 3072] @ 0x4030 0x4020
# runtime.MemStats
# Alloc = 1
`;

describe('parseLegacyHeap', () => {
  it('reads Go debug=1 profiles: four sample types, unsampled with the Poisson model at half the header rate', () => {
    expect(isLegacyHeap(goHeap)).toBe(true);
    const p = parseLegacyHeap(goHeap);
    expect(p.sampleTypes.map((t) => t.type)).toEqual(['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space']);
    expect(p.period).toBe(524288);
    expect(p.samples.count).toBe(2);
    // 3 allocations of 2048 bytes at a 512 KiB rate: each had probability 1-exp(-2048/524288) of being sampled.
    const scale = 1 / (1 - Math.exp(-2048 / 524288));
    expect(Array.from(p.samples.values.subarray(0, 4))).toEqual([Math.trunc(3 * scale), Math.trunc(6144 * scale), Math.trunc(1 * scale), Math.trunc(2048 * scale)]);
    // Addresses are return addresses: pprof moves them back one byte onto the call.
    expect(p.locations.map((l) => l.address)).toEqual([0x400fn, 0x401fn, 0x402fn]);
    expect(p.samples.labels[0]).toEqual([{ key: 'bytes', num: 2048 }]);
  });

  it('reads gperftools heapz_v2 with a memory map into mappings', () => {
    const text = `heap profile:    1:     9216 [     1:     9216] @ heapz_v2/524288
     1:     9216 [     1:     9216] @ 0x400100 0x7f0000000100
--- Memory map: ---
	source=/home
  00400000-00fcb000: $source/server_main
  7f0000000000-7f0000001000: /lib/libc.so
`;
    const p = parseLegacyHeap(text);
    expect(p.sampleTypes.map((t) => t.type)).toEqual(['objects', 'space']);
    expect(p.mappings.map((m) => m.file)).toEqual(['/home/server_main', '/lib/libc.so']);
    expect(p.locations.map((l) => p.mappings[l.mapping]?.file)).toEqual(['/home/server_main', '/lib/libc.so']);
  });

  it('stays fast on long lines (no regular-expression backtracking blow-up)', () => {
    const digits = '1'.repeat(200_000);
    expect(() => parseLegacyHeap(`heap profile: 1: 1 [1: 1] @ heap/2\n${digits}\n`)).toThrow(/line 2: malformed heap sample/);
    const p = parseLegacyHeap(`heap profile: 1: 1 [1: 1] @ heap/2\n1: 1 [1: 1] @ 0x1\n--- Memory map: ---\n${'a'.repeat(200_000)}\n`);
    expect(p.mappings).toEqual([]);
  });

  it('names the line of a malformed sample', () => {
    expect(() => parseLegacyHeap('heap profile: 1: 1 [1: 1] @ heap/2\n1: 1 [1: 1] @ 0x1\noops\n')).toThrow(FormatError);
    expect(() => parseLegacyHeap('heap profile: 1: 1 [1: 1] @ heap/2\n1: 1 [1: 1] @ 0x1\noops\n')).toThrow(/line 3: malformed heap sample/);
    expect(() => parseLegacyHeap('heap profile: 1: 1 [1: 1] @ heap/2\n0: 5 [1: 1] @ 0x1\n')).toThrow(/line 2: inuse count was 0 but inuse bytes was 5/);
  });
});
