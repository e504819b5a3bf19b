// The profile model: profile.proto's own concepts (sample types, samples, locations with their
// inlined lines, functions, mappings), with references resolved to array indices.
//
// Samples are stored in columns (typed arrays) rather than one object per sample: a 2 MB allocs
// profile holds ~260k samples, and views only ever walk them in order.

export interface ValueType {
  type: string;
  unit: string;
}

export interface Mapping {
  id: number;
  start: bigint;
  limit: bigint;
  offset: bigint;
  file: string;
  buildId: string;
  hasFunctions: boolean;
  hasFilenames: boolean;
  hasLineNumbers: boolean;
  hasInlineFrames: boolean;
}

export interface ProfileFunction {
  id: number;
  name: string;
  systemName: string;
  filename: string;
  startLine: number;
}

/** One source line of a location; function is an index into Profile.functions, or -1. */
export interface Line {
  function: number;
  line: number;
  column: number;
}

export interface Location {
  id: number;
  /** Index into Profile.mappings, or -1. */
  mapping: number;
  address: bigint;
  /** Innermost (inlined callee) first, the caller that was compiled last, as in profile.proto. */
  lines: Line[];
  isFolded: boolean;
}

export interface Label {
  key: string;
  str?: string;
  num?: number;
  numUnit?: string;
}

export interface Samples {
  count: number;
  /** Location indices of sample i: stack[stackStart[i] .. stackStart[i+1]), leaf first. */
  stackStart: Uint32Array;
  stack: Uint32Array;
  /** Values of sample i: values[i * sampleTypes.length + t]. */
  values: Float64Array;
  /** Labels of sample i, or undefined (most samples of most profiles carry none worth keeping). */
  labels: (Label[] | undefined)[];
}

export interface Profile {
  sampleTypes: ValueType[];
  defaultSampleType: string;
  samples: Samples;
  mappings: Mapping[];
  locations: Location[];
  functions: ProfileFunction[];
  dropFrames: string;
  keepFrames: string;
  /** Nanoseconds since the epoch: beyond 2^53, so a bigint. */
  timeNanos: bigint;
  durationNanos: bigint;
  periodType: ValueType | undefined;
  period: number;
  comments: string[];
  docUrl: string;
}

export function emptySamples(): Samples {
  return { count: 0, stackStart: new Uint32Array(1), stack: new Uint32Array(0), values: new Float64Array(0), labels: [] };
}

/** Builds the columns from per-sample arrays (legacy parsers, merge, tests). */
export function samplesFrom(
  rows: { stack: number[]; values: number[]; labels?: Label[] }[],
  typeCount: number,
): Samples {
  const stackStart = new Uint32Array(rows.length + 1);
  let total = 0;
  rows.forEach((r, i) => {
    stackStart[i] = total;
    total += r.stack.length;
  });
  stackStart[rows.length] = total;
  const stack = new Uint32Array(total);
  const values = new Float64Array(rows.length * typeCount);
  rows.forEach((r, i) => {
    stack.set(r.stack, stackStart[i]!);
    for (let t = 0; t < typeCount; t++) values[i * typeCount + t] = r.values[t] ?? 0;
  });
  return { count: rows.length, stackStart, stack, values, labels: rows.map((r) => r.labels) };
}
