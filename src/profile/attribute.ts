// Profile-guided findings: what a profile measured at each finding's lines, findings ranked by
// it, and allocation hot spots that no finding explains (`hot-alloc`). Pure: Report + Profile in,
// Report out; `heapwise analyze --profile <file>` is loadProfile + attachProfile.
//
// Matching is by file and line. Profiles name files as the build saw them (an absolute path on
// the build machine, or module-path/file with -trimpath); findings name them relative to the
// module root. A profile file matches a finding's file when it ends with "/" + that path.
import type { Finding } from '../core/finding.js';
import type { Report } from '../core/report.js';
import type { Profile } from './model.js';

export interface Measured {
  /** Allocated by the finding's lines themselves (the innermost frame is there). */
  flat: number;
  /** Allocated by the lines or anything they call, once per sample. */
  cum: number;
}

export interface AttachOptions {
  /** hot-alloc: lines allocating at least this share of the total (default 0.01). */
  hotFraction?: number;
  /** hot-alloc: at most this many (default 10). */
  hotCount?: number;
  /** Call stacks listed per hot spot (default 3). */
  stacks?: number;
}

/** The sample type that ranks findings: allocated bytes when the profile has them. */
function rankingType(p: Profile): number {
  for (const t of ['alloc_space', 'space', 'inuse_space']) {
    const i = p.sampleTypes.findIndex((x) => x.type === t);
    if (i >= 0) return i;
  }
  const d = p.sampleTypes.findIndex((x) => x.type === p.defaultSampleType);
  return d >= 0 ? d : p.sampleTypes.length - 1;
}

function fileMatches(profileFile: string, rel: string): boolean {
  return profileFile === rel || profileFile.endsWith('/' + rel);
}

export function attachProfile(report: Report, p: Profile, o: AttachOptions = {}): Report {
  const width = p.sampleTypes.length;
  const rank = rankingType(p);
  const findings = report.findings;
  // For each location: which findings cover one of its lines, and whether its innermost line does.
  const covering: number[][] = p.locations.map(() => []);
  const innermost: number[][] = p.locations.map(() => []);
  findings.forEach((f, fi) => {
    p.locations.forEach((loc, li) => {
      loc.lines.forEach((ln, j) => {
        const fn = ln.function >= 0 ? p.functions[ln.function]! : undefined;
        if (!fn || ln.line < f.line || ln.line > Math.max(f.line, f.endLine) || !fileMatches(fn.filename, f.file)) return;
        if (!covering[li]!.includes(fi)) covering[li]!.push(fi);
        if (j === 0 && !innermost[li]!.includes(fi)) innermost[li]!.push(fi);
      });
    });
  });
  const flat = findings.map(() => new Float64Array(width));
  const cum = findings.map(() => new Float64Array(width));
  const seen = new Int32Array(findings.length).fill(-1);
  const { count, stackStart, stack, values } = p.samples;
  for (let s = 0; s < count; s++) {
    const a = stackStart[s]!, b = stackStart[s + 1]!;
    for (let i = a; i < b; i++) {
      for (const fi of covering[stack[i]!]!) {
        if (seen[fi] === s) continue;
        seen[fi] = s;
        for (let t = 0; t < width; t++) cum[fi]![t] += values[s * width + t]!;
      }
    }
    if (b > a) for (const fi of innermost[stack[a]!]!) for (let t = 0; t < width; t++) flat[fi]![t] += values[s * width + t]!;
  }
  const measured = (fi: number): Record<string, Measured> =>
    Object.fromEntries(p.sampleTypes.map((t, ti) => [t.type, { flat: flat[fi]![ti]!, cum: cum[fi]![ti]! }]));
  const enriched = findings.map((f, fi) => ({ f: { ...f, data: { ...f.data, profile: measured(fi) } } as Finding, cost: cum[fi]![rank]!, fi }));
  enriched.sort((x, y) => y.cost - x.cost || x.fi - y.fi);
  const hot = hotAllocs(report, p, rank, covering, o);
  return { ...report, findings: [...enriched.map((e) => e.f), ...hot] };
}

/** Lines of the module allocating the most (flat, at the ranking type) that no finding covers. */
function hotAllocs(report: Report, p: Profile, rank: number, covering: number[][], o: AttachOptions): Finding[] {
  const width = p.sampleTypes.length;
  const { count, stackStart, stack, values } = p.samples;
  let total = 0;
  const byLine = new Map<string, { file: string; line: number; fn: string; value: number; all: Float64Array; stacks: Map<string, number> }>();
  for (let s = 0; s < count; s++) {
    const v = values[s * width + rank]!;
    total += Math.abs(v);
    const a = stackStart[s]!, b = stackStart[s + 1]!;
    if (v === 0 || b === a) continue;
    // The allocating line of the module: the innermost frame that is in the module's files.
    for (let i = a; i < b; i++) {
      const li = stack[i]!;
      const loc = p.locations[li]!;
      const j = loc.lines.findIndex((ln) => ln.function >= 0 && moduleFile(report, p.functions[ln.function]!.filename) !== undefined);
      if (j < 0) continue;
      if (covering[li]!.length > 0) break; // explained by a finding
      const ln = loc.lines[j]!;
      const fn = p.functions[ln.function]!;
      const key = `${fn.filename}:${ln.line}`;
      let e = byLine.get(key);
      if (!e) byLine.set(key, (e = { file: moduleFile(report, fn.filename)!, line: ln.line, fn: fn.name, value: 0, all: new Float64Array(width), stacks: new Map() }));
      e.value += v;
      for (let t = 0; t < width; t++) e.all[t] += values[s * width + t]!;
      const names: string[] = [];
      for (let k = i; k < b; k++) for (const l of p.locations[stack[k]!]!.lines) if (l.function >= 0) names.push(p.functions[l.function]!.name);
      const st = names.join(' <- ');
      e.stacks.set(st, (e.stacks.get(st) ?? 0) + v);
      break;
    }
  }
  const threshold = total * (o.hotFraction ?? 0.01);
  const t = p.sampleTypes[rank]!;
  return [...byLine.values()]
    .filter((e) => e.value > 0 && e.value >= threshold)
    .sort((x, y) => y.value - x.value || (x.file < y.file ? -1 : 1) || x.line - y.line)
    .slice(0, o.hotCount ?? 10)
    .map((e) => ({
      analyzer: 'hot-alloc',
      severity: 'info' as const,
      message: `${e.fn} allocates ${formatShare(e.value, total)} of the profile's ${t.type} here (${e.value} ${t.unit}), and no analyzer explains it: look at what this line allocates`,
      file: e.file,
      line: e.line,
      column: 1,
      endLine: e.line,
      endColumn: 1,
      data: {
        profile: Object.fromEntries(p.sampleTypes.map((st, ti) => [st.type, { flat: e.all[ti]!, cum: e.all[ti]! }])),
        stacks: [...e.stacks].sort((x, y) => y[1] - x[1]).slice(0, o.stacks ?? 3).map(([s, v]) => ({ value: v, stack: s.split(' <- ') })),
      },
    }));
}

function formatShare(v: number, total: number): string {
  return `${((v / total) * 100).toFixed(1)}%`;
}

/**
 * The file relative to the module root when the profile's file is in the module: under
 * report.root, or named module-path/... (builds with -trimpath). Undefined otherwise.
 */
function moduleFile(report: Report, file: string): string | undefined {
  const root = report.root.endsWith('/') ? report.root : report.root + '/';
  if (file.startsWith(root)) return file.slice(root.length);
  const mod = report.module + '/';
  if (report.module && file.startsWith(mod)) return file.slice(mod.length);
  return undefined;
}
