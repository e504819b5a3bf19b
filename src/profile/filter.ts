// Which samples and frames a view sees, as pprof decides it before building a report:
// the sample type (`-sample_index`), drop_frames/keep_frames pruning (profile.Prune, applied when
// pprof fetches a profile) and `-focus`/`-ignore`. The profile itself is never modified: the
// result is a Selection the views read through.
import { UsageError } from '../core/errors.js';
import type { Profile } from './model.js';

export interface Selection {
  profile: Profile;
  /** Index of the chosen sample type. */
  sampleIndex: number;
  /** 1 when sample i is kept. */
  kept: Uint8Array;
  /** Frames of sample i start at stackStart[i] + leafSkip[i] (pruned leaf frames are skipped). */
  leafSkip: Uint32Array;
  /** Lines of location l start at lineStart[l] (pruned inlined callees are skipped). */
  lineStart: Uint32Array;
}

/**
 * Calls `visit` for every kept sample with a non-zero value: its index, its value, and its
 * frames as indexes into samples.stack, from `leaf` (after pruned leaf frames) up to `end`
 * (exclusive; the root frame is end - 1).
 */
export function forEachKeptSample(sel: Selection, visit: (s: number, w: number, leaf: number, end: number) => void): void {
  const { count, stackStart, values } = sel.profile.samples;
  const width = sel.profile.sampleTypes.length;
  for (let s = 0; s < count; s++) {
    if (!sel.kept[s]) continue;
    const w = values[s * width + sel.sampleIndex]!;
    if (w !== 0) visit(s, w, stackStart[s]! + sel.leafSkip[s]!, stackStart[s + 1]!);
  }
}

/** pprof's SampleIndexByName: default_sample_type, else the last type; a name, an index, or inuse_X for X. */
export function resolveSampleIndex(p: Profile, name: string | undefined): number {
  const types = p.sampleTypes.map((t) => t.type);
  if (types.length === 0) throw new UsageError('the profile has no sample types');
  if (!name) {
    const d = p.defaultSampleType ? types.indexOf(p.defaultSampleType) : -1;
    return d >= 0 ? d : types.length - 1;
  }
  if (/^\d+$/.test(name)) {
    const i = Number(name);
    if (i >= types.length) throw new UsageError(`--sample ${name} is outside the range [0..${types.length - 1}]`);
    return i;
  }
  const noInuse = name.replace(/^inuse_/, '');
  const i = types.findIndex((t) => t === name || t === noInuse);
  if (i < 0) throw new UsageError(`--sample "${name}" must be one of: ${types.join(', ')}`);
  return i;
}

export function compileRegex(flag: string, source: string | undefined): RegExp | undefined {
  if (source === undefined || source === '') return undefined;
  try {
    return new RegExp(source);
  } catch (e) {
    throw new UsageError(`${flag}: invalid regular expression ${JSON.stringify(source)}: ${(e as Error).message}`);
  }
}

export interface SelectOptions {
  sample?: string;
  focus?: RegExp;
  ignore?: RegExp;
}

export function select(p: Profile, o: SelectOptions = {}): Selection {
  const count = p.samples.count;
  const sel: Selection = {
    profile: p,
    sampleIndex: resolveSampleIndex(p, o.sample),
    kept: new Uint8Array(count).fill(1),
    leafSkip: new Uint32Array(count),
    lineStart: new Uint32Array(p.locations.length),
  };
  if (p.dropFrames) prune(sel);
  if (o.focus || o.ignore) focusIgnore(sel, o.focus, o.ignore);
  return sel;
}

/** pprof's simplifyFunc: drop a leading '.' and the argument list of unsimplified C++ names. */
function simplifyFunc(f: string): string {
  let name = f.startsWith('.') ? f.slice(1) : f;
  const re = /\(anonymous namespace\)|operator\(\)|\(/g;
  for (let m = re.exec(name); m; m = re.exec(name)) {
    if (m[0] === '(') {
      name = name.slice(0, m.index);
      break;
    }
  }
  return name;
}

/** profile.Prune(drop_frames, keep_frames): cut allocator internals off the leaf end of stacks. */
function prune(sel: Selection): void {
  const p = sel.profile;
  let drop: RegExp, keep: RegExp | undefined;
  try {
    drop = new RegExp(`^(?:${p.dropFrames})$`);
    keep = p.keepFrames ? new RegExp(`^(?:${p.keepFrames})$`) : undefined;
  } catch {
    return; // pprof ignores a drop_frames it cannot compile (RemoveUninteresting's error is dropped).
  }
  const cache = new Map<string, boolean>();
  const pruneHere = (name: string) => {
    let r = cache.get(name);
    if (r === undefined) {
      const f = simplifyFunc(name);
      r = drop.test(f) && !(keep && keep.test(f));
      cache.set(name, r);
    }
    return r;
  };
  const n = p.locations.length;
  const pruneLoc = new Uint8Array(n); // 1: prune the whole location, 2: prune beneath it
  p.locations.forEach((loc, li) => {
    let i = loc.lines.length - 1;
    for (; i >= 0; i--) {
      const fi = loc.lines[i]!.function;
      const name = fi >= 0 ? p.functions[fi]!.name : '';
      if (name !== '' && pruneHere(name)) break;
    }
    if (i >= 0) {
      if (i === loc.lines.length - 1) pruneLoc[li] = 1;
      else {
        pruneLoc[li] = 2;
        sel.lineStart[li] = i + 1;
      }
    }
  });
  const { count, stackStart, stack } = p.samples;
  for (let s = 0; s < count; s++) {
    const a = stackStart[s]!;
    let foundUser = false;
    for (let i = stackStart[s + 1]! - 1; i >= a; i--) {
      const k = pruneLoc[stack[i]!]!;
      if (k === 0) {
        foundUser = true;
        continue;
      }
      if (!foundUser) continue;
      sel.leafSkip[s] = k === 1 ? i + 1 - a : i - a;
      break;
    }
  }
}

/** profile.FilterSamplesByName(focus, ignore): keep samples with a focused frame and no ignored one. */
function focusIgnore(sel: Selection, focus: RegExp | undefined, ignore: RegExp | undefined): void {
  const p = sel.profile;
  const matches = (li: number, re: RegExp): boolean => {
    const loc = p.locations[li]!;
    for (let j = sel.lineStart[li]!; j < loc.lines.length; j++) {
      const fi = loc.lines[j]!.function;
      if (fi >= 0) {
        const f = p.functions[fi]!;
        if (re.test(f.name) || re.test(f.filename)) return true;
      }
    }
    return loc.mapping >= 0 && re.test(p.mappings[loc.mapping]!.file);
  };
  // 1 focused, 2 ignored, 0 neither.
  const mark = new Uint8Array(p.locations.length);
  for (let li = 0; li < mark.length; li++) {
    if (ignore && matches(li, ignore)) mark[li] = 2;
    else if (!focus || matches(li, focus)) mark[li] = 1;
  }
  const { count, stackStart, stack } = p.samples;
  for (let s = 0; s < count; s++) {
    let focused = false;
    let ignored = false;
    for (let i = stackStart[s]! + sel.leafSkip[s]!; i < stackStart[s + 1]!; i++) {
      const m = mark[stack[i]!];
      if (m === 2) {
        ignored = true;
        break;
      }
      if (m === 1) focused = true;
    }
    if (ignored || !focused) sel.kept[s] = 0;
  }
}
