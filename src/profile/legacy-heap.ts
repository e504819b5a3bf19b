// Legacy text heap profiles (`heap profile: ...`, runtime/pprof's debug=1 and gperftools' heapz
// and growthz) -> Profile, as pprof's profile/legacy_profile.go parses them: addresses only (the
// `#` symbol comments of Go's debug=1 output are ignored, as pprof does), values unsampled with
// the Poisson model for heapz_v2/heap, one `bytes` label per sample, and mappings from a trailing
// memory map when there is one.
import { samplesFrom, type Label, type Location, type Mapping, type Profile, type ValueType } from './model.js';
import { FormatError } from './protobuf.js';

const headerRe = /heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] *@ *(heap[_a-z0-9]*)\/?(\d*)/;
const growthRe = /heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] @ growthz?/;
const fragmentationRe = /heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] @ fragmentationz?/;
// Anchored (pprof's RE2 search is linear; a JavaScript search from every position of a long line
// of digits would not be).
const sampleRe = /^(-?\d+): *(-?\d+) *\[ *(\d+): *(\d+) *] @([ x0-9a-f]*)/;
export const memoryMapSentinels = ['--- Memory map: ---', 'MAPPED_LIBRARIES:'];

export function isLegacyHeap(text: string): boolean {
  const first = text.slice(0, text.indexOf('\n') >>> 0);
  return headerRe.test(first) || growthRe.test(first) || fragmentationRe.test(first);
}

export function parseLegacyHeap(text: string): Profile {
  const lines = text.split('\n');
  const header = lines[0] ?? '';
  let sampling = '';
  let period = 1;
  let hasAlloc = false;
  const h = headerRe.exec(header);
  if (h) {
    const rate = h[6] ? Number(h[6]) : 0;
    hasAlloc = (h[3] !== h[1] && h[3] !== '0') || (h[4] !== h[2] && h[4] !== '0');
    switch (h[5]) {
      case 'heapz_v2':
      case 'heap_v2':
        sampling = 'v2';
        period = rate;
        break;
      case 'heapprofile':
        period = 1;
        break;
      case 'heap':
        sampling = 'v2';
        period = Math.trunc(rate / 2);
        break;
      default:
        throw new FormatError(`line 1: unknown heap profile kind "${h[5]}"`);
    }
  } else if (!growthRe.test(header) && !fragmentationRe.test(header)) {
    throw new FormatError('line 1: not a heap profile header');
  }
  const sampleTypes: ValueType[] = hasAlloc
    ? [
        { type: 'alloc_objects', unit: 'count' },
        { type: 'alloc_space', unit: 'bytes' },
        { type: 'inuse_objects', unit: 'count' },
        { type: 'inuse_space', unit: 'bytes' },
      ]
    : [
        { type: 'objects', unit: 'count' },
        { type: 'space', unit: 'bytes' },
      ];

  const locations: Location[] = [];
  const byAddress = new Map<bigint, number>();
  const rows: { stack: number[]; values: number[]; labels: Label[] }[] = [];
  let i = 1;
  for (; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (memoryMapSentinels.some((s) => line.includes(s))) break;
    const m = sampleRe.exec(line);
    if (!m) throw new FormatError(`line ${i + 1}: malformed heap sample: ${JSON.stringify(line.slice(0, 60))}`);
    const values: number[] = [];
    let blocksize = 0;
    const add = (countS: string, sizeS: string, what: string) => {
      let count = Number(countS);
      let size = Number(sizeS);
      if (count === 0 && size !== 0) throw new FormatError(`line ${i + 1}: ${what} count was 0 but ${what} bytes was ${size}`);
      if (count !== 0) {
        blocksize = Math.trunc(size / count);
        if (sampling === 'v2') [count, size] = unsample(count, size, period);
      }
      values.push(count, size);
    };
    if (hasAlloc) add(m[3]!, m[4]!, 'allocation');
    add(m[1]!, m[2]!, 'inuse');
    const stack: number[] = [];
    for (const hex of m[5]!.match(/0x[0-9a-f]+/g) ?? []) {
      const v = BigInt(hex);
      if (v >= 1n << 64n) throw new FormatError(`line ${i + 1}: address ${hex} does not fit 64 bits`);
      // Return addresses point after the call; -1 lands on the call itself (as pprof does).
      const addr = v - 1n;
      let li = byAddress.get(addr);
      if (li === undefined) {
        li = locations.length;
        locations.push({ id: li + 1, mapping: -1, address: addr, lines: [], isFolded: false });
        byAddress.set(addr, li);
      }
      stack.push(li);
    }
    rows.push({ stack, values, labels: [{ key: 'bytes', num: blocksize }] });
  }
  const mappings = parseMemoryMap(lines.slice(i + 1));
  for (const loc of locations) {
    loc.mapping = mappings.findIndex((mp) => loc.address >= mp.start && loc.address < mp.limit);
  }
  return {
    sampleTypes,
    defaultSampleType: '',
    samples: samplesFrom(rows, sampleTypes.length),
    mappings,
    locations,
    functions: [],
    dropFrames: '',
    keepFrames: '',
    timeNanos: 0n,
    durationNanos: 0n,
    periodType: { type: 'space', unit: 'bytes' },
    period,
    comments: [],
    docUrl: '',
  };
}

/** pprof's scaleHeapSample: divide by the probability 1-exp(-avg/rate) that a sample was taken. */
function unsample(count: number, size: number, rate: number): [number, number] {
  if (count === 0 || size === 0) return [0, 0];
  if (rate <= 1) return [count, size];
  const scale = 1 / (1 - Math.exp(-(size / count) / rate));
  return [Math.trunc(count * scale), Math.trunc(size * scale)];
}

const procMapsRe = /^\s*(?:0x)?([0-9a-fA-F]+)[\s-]?\s*(?:0x)?([0-9a-fA-F]+):?(?:\s+([-rwxp]+))?(?:\s+([0-9a-fA-F]+))?\s+[0-9a-fA-F]+:[0-9a-fA-F]+\s+\d+(?:\s+(\S+))?/;
const briefMapsRe = /^\s*(?:0x)?([0-9a-fA-F]+)[\s-]?\s*(?:0x)?([0-9a-fA-F]+):?(?:\s+([-rwxp]+))?(?:\s+(\S+))?(?:\s+\(@([0-9a-fA-F]+)\))?(?:\s+([0-9a-fA-F]+))?/;

/** The memory map after the samples (/proc/self/maps or pprof's brief form, `$var` substitution). */
export function parseMemoryMap(lines: string[]): Mapping[] {
  const out: Mapping[] = [];
  const vars: [string, string][] = [];
  for (const raw of lines) {
    // Map lines are short; a long one is not a mapping, and backtracking over it would take long.
    if (raw.length > 4096) continue;
    let line = raw;
    for (const [k, v] of vars) line = line.split(k).join(v);
    let start: string, end: string, perm: string | undefined, file: string | undefined, offset: string | undefined, buildId: string | undefined;
    const pm = procMapsRe.exec(line);
    const bm = pm ? null : briefMapsRe.exec(line);
    if (pm) [, start, end, perm, offset, file] = pm as unknown as string[];
    else if (bm) [, start, end, perm, file, offset, buildId] = bm as unknown as string[];
    else {
      const eq = line.indexOf('=');
      if (eq >= 0) vars.push(['$' + line.slice(0, eq).trim(), line.slice(eq + 1).trim()]);
      continue;
    }
    if (perm && !perm.includes('x')) continue;
    out.push({
      id: out.length + 1,
      start: BigInt('0x' + start!),
      limit: BigInt('0x' + end!),
      offset: offset ? BigInt('0x' + offset) : 0n,
      file: file ?? '',
      buildId: buildId ?? '',
      hasFunctions: false,
      hasFilenames: false,
      hasLineNumbers: false,
      hasInlineFrames: false,
    });
  }
  return out;
}
