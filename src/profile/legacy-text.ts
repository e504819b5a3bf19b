// The other legacy text profiles runtime/pprof writes with debug=1, as pprof's
// profile/legacy_profile.go parses them: goroutine/threadcreate counts (`<kind> profile: total N`)
// and contention (`--- mutex:`, `--- contention:`, gperftools `--- contentionz`), with delays
// converted from cycles to nanoseconds. Addresses only, like legacy heap profiles.
import { memoryMapSentinels, parseMemoryMap } from './legacy-heap.js';
import { samplesFrom, type Location, type Profile, type ValueType } from './model.js';
import { FormatError } from './protobuf.js';

const countStartRe = /^(\S+) profile: total \d+$/;
const countRe = /^(\d+) @((?: 0x[0-9a-f]+)+)$/;
const contentionRe = /^(\d+) *(\d+) @([ x0-9a-f]*)/;

export function isLegacyCount(text: string): boolean {
  return countStartRe.test(firstNonComment(text.split('\n')).line);
}

export function isLegacyContention(text: string): boolean {
  return /^--- (contentionz |mutex:|contention:)/.test(text);
}

function firstNonComment(lines: string[]): { line: string; index: number } {
  let i = 0;
  while (i < lines.length && isSpaceOrComment(lines[i]!)) i++;
  return { line: lines[i] ?? '', index: i };
}

function isSpaceOrComment(line: string): boolean {
  const t = line.trim();
  return t === '' || t.startsWith('#');
}

/** Locations by address (return addresses, moved back one byte onto the call as pprof does). */
class AddressLocations {
  readonly locations: Location[] = [];
  private byAddress = new Map<bigint, number>();
  stack(hexes: string[], lineNo: number): number[] {
    return hexes.map((hex) => {
      const v = BigInt(hex);
      if (v >= 1n << 64n) throw new FormatError(`line ${lineNo}: address ${hex} does not fit 64 bits`);
      const addr = v - 1n;
      let li = this.byAddress.get(addr);
      if (li === undefined) {
        li = this.locations.length;
        this.locations.push({ id: li + 1, mapping: -1, address: addr, lines: [], isFolded: false });
        this.byAddress.set(addr, li);
      }
      return li;
    });
  }
}

function finish(lines: string[], from: number, sampleTypes: ValueType[], periodType: ValueType, period: number, locs: AddressLocations, rows: { stack: number[]; values: number[] }[], durationNanos = 0n): Profile {
  // pprof's parseAdditionalSections: a memory map after its sentinel line, if there is one.
  let i = from;
  while (i < lines.length && !memoryMapSentinels.some((s) => lines[i]!.includes(s))) i++;
  const mappings = parseMemoryMap(lines.slice(i + 1));
  for (const loc of locs.locations) loc.mapping = mappings.findIndex((m) => loc.address >= m.start && loc.address < m.limit);
  return {
    sampleTypes,
    defaultSampleType: '',
    samples: samplesFrom(rows, sampleTypes.length),
    mappings,
    locations: locs.locations,
    functions: [],
    dropFrames: '',
    keepFrames: '',
    timeNanos: 0n,
    durationNanos,
    periodType,
    period,
    comments: [],
    docUrl: '',
  };
}

export function parseLegacyCount(text: string): Profile {
  const lines = text.split('\n');
  const start = firstNonComment(lines);
  const kind = countStartRe.exec(start.line)![1]!;
  const locs = new AddressLocations();
  const rows: { stack: number[]; values: number[] }[] = [];
  let i = start.index + 1;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (isSpaceOrComment(line)) continue;
    if (line.startsWith('---')) break;
    const m = countRe.exec(line);
    if (!m) throw new FormatError(`line ${i + 1}: malformed ${kind} sample: ${JSON.stringify(line.slice(0, 60))}`);
    rows.push({ stack: locs.stack(m[2]!.trim().split(' '), i + 1), values: [Number(m[1])] });
  }
  const t = { type: kind, unit: 'count' };
  return finish(lines, i, [t], t, 1, locs, rows);
}

export function parseLegacyContention(text: string): Profile {
  const lines = text.split('\n');
  let period = 1;
  let cpuHz = 0;
  let durationNanos = 0n;
  let i = 1;
  for (; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (isSpaceOrComment(line)) continue;
    if (line.startsWith('---')) break;
    const eq = line.indexOf('=');
    if (eq < 0) break;
    const key = line.slice(0, eq).trim();
    const val = line.slice(eq + 1).trim();
    const num = () => {
      if (!/^-?(0x[0-9a-f]+|\d+)$/i.test(val)) throw new FormatError(`line ${i + 1}: ${key} is not a number: ${JSON.stringify(val)}`);
      return Number(val);
    };
    if (key === 'cycles/second') cpuHz = num();
    else if (key === 'sampling period') period = num();
    else if (key === 'ms since reset') durationNanos = BigInt(num()) * 1_000_000n;
    else if (key === 'format' || key === 'resolution') throw new FormatError('legacy Java contention profiles are not supported');
    else if (key !== 'discarded samples') throw new FormatError(`line ${i + 1}: unknown contention attribute "${key}"`);
  }
  const locs = new AddressLocations();
  const rows: { stack: number[]; values: number[] }[] = [];
  for (; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line.startsWith('---')) break;
    if (isSpaceOrComment(line)) continue;
    const m = contentionRe.exec(line);
    if (!m) throw new FormatError(`line ${i + 1}: malformed contention sample: ${JSON.stringify(line.slice(0, 60))}`);
    let delay = Number(m[1]);
    let count = Number(m[2]);
    // Unsampled as pprof does: delays from cycles to nanoseconds, both scaled by the period.
    if (period > 0) {
      if (cpuHz > 0) delay = Math.trunc((delay * period) / (cpuHz / 1e9));
      count = count * period;
    }
    rows.push({ stack: locs.stack(m[3]!.match(/0x[0-9a-f]+/g) ?? [], i + 1), values: [count, delay] });
  }
  const types = [
    { type: 'contentions', unit: 'count' },
    { type: 'delay', unit: 'nanoseconds' },
  ];
  return finish(lines, i, types, { type: 'contentions', unit: 'count' }, period, locs, rows, durationNanos);
}
