// Merging profiles as pprof's profile.Merge does: headers combined (earliest time, summed
// duration, largest period, comments once), functions, mappings and locations deduplicated by
// content, samples with the same stack and labels summed, all-zero samples dropped. `diff` is a
// merge with the base negated and labelled `pprof::base` (pprof's -diff_base), so that
// percentages are of the base total.
import { UsageError } from '../core/errors.js';
import { samplesFrom, type Label, type Location, type Mapping, type Profile, type ProfileFunction } from './model.js';

function sameTypes(a: Profile, b: Profile): boolean {
  const t = (p: Profile) => p.sampleTypes.map((x) => `${x.type}/${x.unit}`).join(',');
  return t(a) === t(b);
}

export function mergeProfiles(srcs: Profile[], scales?: number[], extraLabels?: (Label[] | undefined)[]): Profile {
  if (srcs.length === 0) throw new UsageError('no profiles to merge');
  const first = srcs[0]!;
  for (const s of srcs.slice(1)) {
    if (!sameTypes(first, s)) {
      const t = (p: Profile) => p.sampleTypes.map((x) => `${x.type}/${x.unit}`).join(' ');
      throw new UsageError(`cannot merge profiles with different sample types: [${t(first)}] and [${t(s)}]`);
    }
    const pt = (p: Profile) => (p.periodType ? `${p.periodType.type}/${p.periodType.unit}` : '');
    if (pt(first) !== pt(s)) throw new UsageError(`cannot merge profiles with different period types: ${pt(first)} and ${pt(s)}`);
  }
  const functions: ProfileFunction[] = [];
  const mappings: Mapping[] = [];
  const locations: Location[] = [];
  const fnKeys = new Map<string, number>();
  const mapKeys = new Map<string, number>();
  const locKeys = new Map<string, number>();
  const width = first.sampleTypes.length;
  const sampleKeys = new Map<string, number>();
  const rows: { stack: number[]; values: number[]; labels?: Label[] }[] = [];
  let timeNanos = 0n, durationNanos = 0n, period = 0;
  const comments: string[] = [];
  let defaultSampleType = '', docUrl = '';

  srcs.forEach((src, si) => {
    if (timeNanos === 0n || src.timeNanos < timeNanos) timeNanos = src.timeNanos;
    durationNanos += src.durationNanos;
    if (period === 0 || period < src.period) period = src.period;
    for (const c of src.comments) if (!comments.includes(c)) comments.push(c);
    defaultSampleType ||= src.defaultSampleType;
    docUrl ||= src.docUrl;
    const fmap = src.functions.map((f) => intern(functions, fnKeys, `${f.name}\0${f.systemName}\0${f.filename}\0${f.startLine}`, (id) => ({ ...f, id })));
    const mmap = src.mappings.map((m) => intern(mappings, mapKeys, `${m.start}\0${m.limit}\0${m.offset}\0${m.file}\0${m.buildId}`, (id) => ({ ...m, id })));
    const lmap = src.locations.map((l) => {
      const mapping = l.mapping >= 0 ? mmap[l.mapping]! : -1;
      const lines = l.lines.map((ln) => ({ function: ln.function >= 0 ? fmap[ln.function]! : -1, line: ln.line, column: ln.column }));
      const k = `${mapping}\0${l.address}\0${l.isFolded}\0${lines.map((x) => `${x.function}:${x.line}:${x.column}`).join(',')}`;
      return intern(locations, locKeys, k, (id) => ({ id, mapping, address: l.address, lines, isFolded: l.isFolded }));
    });
    const scale = scales?.[si] ?? 1;
    const extra = extraLabels?.[si];
    const { count, stackStart, stack, values, labels } = src.samples;
    for (let s = 0; s < count; s++) {
      const vals: number[] = [];
      let zero = true;
      for (let t = 0; t < width; t++) {
        const v = values[s * width + t]! * scale;
        vals.push(v);
        if (v !== 0) zero = false;
      }
      if (zero) continue;
      const st: number[] = [];
      for (let i = stackStart[s]!; i < stackStart[s + 1]!; i++) st.push(lmap[stack[i]!]!);
      const lab = extra ? [...(labels[s] ?? []), ...extra] : labels[s];
      const k = `${st.join(',')}|${lab ? labelKey(lab) : ''}`;
      const at = sampleKeys.get(k);
      if (at === undefined) {
        sampleKeys.set(k, rows.length);
        rows.push({ stack: st, values: vals, labels: lab });
      } else {
        const row = rows[at]!;
        for (let t = 0; t < width; t++) row.values[t]! += vals[t]!;
      }
    }
  });
  const kept = rows.filter((r) => r.values.some((v) => v !== 0));
  return {
    sampleTypes: first.sampleTypes.map((t) => ({ ...t })),
    defaultSampleType,
    samples: samplesFrom(kept, width),
    mappings,
    locations,
    functions,
    dropFrames: first.dropFrames,
    keepFrames: first.keepFrames,
    timeNanos,
    durationNanos,
    periodType: first.periodType,
    period,
    comments,
    docUrl,
  };
}

function labelKey(labels: Label[]): string {
  return labels
    .map((l) => `${l.key}=${l.str ?? ''}#${l.num ?? ''}${l.numUnit ?? ''}`)
    .sort()
    .join(';');
}

/** pprof -diff_base: profile minus base; percentages relative to the base total. */
export function diffProfiles(profile: Profile, base: Profile): Profile {
  return mergeProfiles([profile, base], [1, -1], [undefined, [{ key: 'pprof::base', str: 'true' }]]);
}

/** The index of the entry stored under `key`, adding one made with the next id (1-based) if none is. */
function intern<T>(list: T[], keys: Map<string, number>, key: string, make: (id: number) => T): number {
  let i = keys.get(key);
  if (i === undefined) {
    i = list.length;
    list.push(make(i + 1));
    keys.set(key, i);
  }
  return i;
}
