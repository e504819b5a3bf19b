// The Go benchmark data format (golang.org/x/perf/benchfmt, proposal 14313): configuration
// lines `key: value` that apply to the results after them, result lines
// `BenchmarkName  N  v unit  v unit ...`, and `Unit` metadata lines. `go test -json` output is
// accepted too: its output events are joined per package (a name and its measurements can
// arrive in separate events) and read as the plain format. Malformed lines become SyntaxIssues
// with file:line and are skipped, as benchstat does; nothing throws on bad content.
import { tidyUnit } from './units.js';

export interface BenchValue {
  /** Tidied (ns/op -> sec/op, MB/s -> B/s) value and unit, as benchstat compares them. */
  value: number;
  unit: string;
  /** As written in the file. */
  origValue: number;
  origUnit: string;
}

export interface BenchResult {
  file: string;
  line: number;
  /** Configuration in effect, in the order keys were first set (`.file` first). */
  config: [string, string][];
  /** The full name without the "Benchmark" prefix, e.g. "Encode/format=json-8". */
  name: string;
  iters: number;
  values: BenchValue[];
}

export interface UnitMetadata {
  /** Tidied unit. */
  unit: string;
  key: string;
  value: string;
  file: string;
  line: number;
}

export interface SyntaxIssue {
  file: string;
  line: number;
  message: string;
}

export interface ParsedBench {
  results: BenchResult[];
  units: UnitMetadata[];
  issues: SyntaxIssue[];
}

const spaceRe = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;

const spacesRe = new RegExp(spaceRe.source + '+', 'u');

/** Fields split on Unicode white space, as benchfmt's splitField. */
function fields(s: string): string[] {
  return s.split(spacesRe).filter((f) => f !== '');
}

/** `key: value`: the key starts lower-case and holds no space or upper-case letter. */
function keyValue(line: string): [string, string] | undefined {
  const m = /^(\p{Ll}[^\s\p{Lu}:]*):(.*)$/su.exec(line);
  if (!m) return undefined;
  const val = m[2]!;
  if (val === '') return [m[1]!, ''];
  if (val[0] !== ' ' && val[0] !== '\t') return undefined;
  return [m[1]!, val.replace(/^[ \t]+/, '')];
}

/** Go's ParseFloat subset that matters here: decimal, exponent, inf and nan spellings. */
function parseNumber(s: string): number | undefined {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) || /^[+-]?(0[xX][0-9a-fA-F]+)$/.test(s)) {
    const v = Number(s);
    return Number.isNaN(v) ? undefined : v;
  }
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(s)) return NaN;
  return undefined;
}

class Reader {
  readonly out: ParsedBench = { results: [], units: [], issues: [] };
  private config = new Map<string, string>();
  private seenUnits = new Map<string, UnitMetadata>();

  constructor(
    private readonly file: string,
    label: string,
  ) {
    this.config.set('.file', label);
  }

  line(text: string, lineNo: number): void {
    const line = text.replace(/\r$/, '');
    if (line.startsWith('Benchmark')) return this.result(line, lineNo);
    const f = fields(line);
    if (f[0] === 'Unit' && line.startsWith('U')) return this.unitLine(f.slice(1), lineNo);
    const kv = keyValue(line);
    if (kv) {
      if (kv[1] === '') this.config.delete(kv[0]);
      else this.config.set(kv[0], kv[1]);
    }
  }

  private issue(line: number, message: string): void {
    this.out.issues.push({ file: this.file, line, message });
  }

  private result(line: string, lineNo: number): void {
    const after = line.slice('Benchmark'.length);
    // A bare name (go test -v prints one before the measurements) is not a result.
    if (!spaceRe.test(after)) return;
    // The name ends at the first space (it may be empty); then whitespace-separated fields.
    const sp = after.search(spaceRe);
    const f = [after.slice(0, sp), ...fields(after.slice(sp))];
    const [name, itersText, ...rest] = f as [string, string | undefined, ...string[]];
    if (!itersText) return this.issue(lineNo, 'missing iteration count');
    if (!/^[+-]?\d+$/.test(itersText)) return this.issue(lineNo, 'parsing iteration count: invalid syntax');
    const big = BigInt(itersText);
    if (big > 9223372036854775807n || big < -9223372036854775808n) return this.issue(lineNo, 'parsing iteration count: value out of range');
    const values: BenchValue[] = [];
    for (let i = 0; ; i += 2) {
      const v = rest[i];
      if (v === undefined) {
        if (values.length > 0) break;
        return this.issue(lineNo, 'missing measurements');
      }
      const num = parseNumber(v);
      if (num === undefined) return this.issue(lineNo, 'parsing measurement: invalid syntax');
      // Go's ParseFloat rejects finite spellings that overflow.
      if (!Number.isFinite(num) && !/inf|nan/i.test(v)) return this.issue(lineNo, 'parsing measurement: value out of range');
      const unit = rest[i + 1];
      if (unit === undefined) return this.issue(lineNo, 'missing units');
      const t = tidyUnit(unit);
      const tidied = num * t.factor;
      values.push(tidied === num ? { value: num, unit, origValue: num, origUnit: unit } : { value: tidied, unit: t.unit, origValue: num, origUnit: unit });
    }
    this.out.results.push({ file: this.file, line: lineNo, config: [...this.config], name: name!, iters: Number(itersText), values });
  }

  private unitLine(f: string[], lineNo: number): void {
    const [unit, ...pairs] = f;
    if (!unit) return this.issue(lineNo, 'missing unit');
    const tidy = tidyUnit(unit).unit;
    for (const p of pairs) {
      const eq = p.indexOf('=');
      if (eq <= 0) {
        this.issue(lineNo, 'expected key=value');
        continue;
      }
      const key = p.slice(0, eq);
      const value = p.slice(eq + 1);
      const have = this.seenUnits.get(`${tidy}\0${key}`);
      if (have) {
        if (have.value !== value) this.issue(lineNo, `metadata ${key} of unit ${unit} already set to ${have.value}`);
        continue;
      }
      const meta = { unit: tidy, key, value, file: this.file, line: lineNo };
      this.seenUnits.set(`${tidy}\0${key}`, meta);
      this.out.units.push(meta);
    }
  }
}

/** Parses benchmark output (plain or `go test -json`) read from `file`; `label` names its column. */
export function parseBench(text: string, file: string, label = file): ParsedBench {
  const reader = new Reader(file, label);
  const firstLine = /^\s*(\S)/.exec(text)?.[1];
  if (firstLine === '{') {
    for (const { text: line, line: n } of goTestJsonLines(text, file, reader.out.issues)) reader.line(line, n);
  } else {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    lines.forEach((l, i) => reader.line(l, i + 1));
  }
  return reader.out;
}

interface TestEvent {
  Action?: string;
  Package?: string;
  Output?: string;
}

/**
 * The output lines of a `go test -json` stream, each with the line number (in the JSON file) of
 * the event where it began. Output is joined per package so split writes come back together.
 */
function goTestJsonLines(text: string, file: string, issues: SyntaxIssue[]): { text: string; line: number }[] {
  const perPackage = new Map<string, { buf: string; start: number; lines: { text: string; line: number }[] }>();
  const jsonLines = text.split('\n');
  jsonLines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (raw.trim() === '') return;
    let ev: TestEvent;
    try {
      ev = JSON.parse(raw) as TestEvent;
    } catch {
      // go test prints build failures and similar as plain text between events.
      issues.push({ file, line: lineNo, message: 'not a go test -json event' });
      return;
    }
    if (typeof ev !== 'object' || ev === null || ev.Action !== 'output' || typeof ev.Output !== 'string') return;
    const pkg = typeof ev.Package === 'string' ? ev.Package : '';
    let p = perPackage.get(pkg);
    if (!p) perPackage.set(pkg, (p = { buf: '', start: lineNo, lines: [] }));
    if (p.buf === '') p.start = lineNo;
    p.buf += ev.Output;
    let nl: number;
    while ((nl = p.buf.indexOf('\n')) >= 0) {
      p.lines.push({ text: p.buf.slice(0, nl), line: p.start });
      p.buf = p.buf.slice(nl + 1);
      p.start = lineNo;
    }
  });
  const out: { text: string; line: number }[] = [];
  for (const p of perPackage.values()) {
    out.push(...p.lines);
    if (p.buf !== '') out.push({ text: p.buf, line: p.start });
  }
  return out;
}
