// The `list` view: pprof's `-list <regex>` (internal/report/source.go printSource): for each
// function whose name matches, the source lines from the function's start to 5 lines past its
// last sampled line, each with the flat and cum values measured there (line granularity).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import type { Selection } from './filter.js';
import { buildGraph, type GraphNode } from './graph.js';
import { percentage as percentOf, scaledLabel } from './units.js';

export interface ListLine {
  line: number;
  source: string;
  flat: number;
  cum: number;
}

export interface ListedFunction {
  function: string;
  file: string;
  flat: number;
  cum: number;
  /** Why there are no lines (source not found), when there are none. */
  error?: string;
  lines: ListLine[];
}

export interface ListView {
  sampleType: string;
  unit: string;
  total: number;
  functions: ListedFunction[];
}

const margin = 5;

/** Source lines of a file, 1-based (index 0 unused); an error message when it cannot be read. */
type SourceReader = (file: string) => string[] | Error;

export function fileSourceReader(cwd = process.cwd()): SourceReader {
  const cache = new Map<string, string[] | Error>();
  return (file) => {
    let lines = cache.get(file);
    if (!lines) {
      lines = readSource(file, cwd);
      cache.set(file, lines);
    }
    return lines;
  };
}

/**
 * pprof's trimPath with its default heuristic (the search path is the working directory): a
 * profile recorded on another machine names /elsewhere/<project>/x.go; when the working directory
 * is .../<project>, the file is looked up relative to it.
 */
function trimPath(file: string, searchPath: string): string {
  const want = '/' + path.basename(searchPath) + '/';
  const found = file.indexOf(want);
  if (found !== -1) return file.slice(found + want.length);
  for (const prefix of ['/proc/self/cwd/./', '/proc/self/cwd/']) if (file.startsWith(prefix)) return file.slice(prefix.length);
  return file;
}

function readSource(original: string, cwd: string): string[] | Error {
  const file = trimPath(original, cwd);
  const candidates: string[] = [];
  if (path.isAbsolute(file)) candidates.push(file);
  else for (let dir = cwd; ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, file));
    if (path.dirname(dir) === dir) break;
  }
  for (const c of candidates) {
    try {
      // As bufio.ScanLines: split on \n, drop a trailing \r, no empty last line.
      const text = readFileSync(c, 'utf8');
      const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
      if (lines.at(-1) === '') lines.pop();
      return ['', ...lines];
    } catch {
      /* try the next */
    }
  }
  return new Error(path.isAbsolute(file) ? `open ${file}: no such file or directory` : `could not find file ${file} on path ${cwd}`);
}

export function list(sel: Selection, pattern: RegExp, read: SourceReader = fileSourceReader()): ListView {
  const { nodes, total } = buildGraph(sel, 'lines', true);
  const byFunction = new Map<string, GraphNode[]>();
  for (const n of nodes) {
    if (!pattern.test(n.function)) continue;
    const group = byFunction.get(n.function);
    if (group) group.push(n);
    else byFunction.set(n.function, [n]);
  }
  if (byFunction.size === 0) throw new UsageError(`no matches found for regexp: ${pattern.source}`);
  const functions: ListedFunction[] = [];
  for (const name of [...byFunction.keys()].sort()) {
    const byFile = new Map<string, GraphNode[]>();
    for (const n of byFunction.get(name)!) {
      if (n.sourceFile === '') continue;
      const g = byFile.get(n.sourceFile);
      if (g) g.push(n);
      else byFile.set(n.sourceFile, [n]);
    }
    if (byFile.size === 0) {
      functions.push({ function: name, file: '', flat: 0, cum: 0, error: `No source information for ${name}`, lines: [] });
      continue;
    }
    const files = [...byFile.values()].sort((a, b) => {
      const x = a[0]!, y = b[0]!;
      if (x.sourceFile !== y.sourceFile) return x.sourceFile < y.sourceFile ? -1 : 1;
      return x.startLine - y.startLine;
    });
    for (const fns of files) {
      const file = fns[0]!.sourceFile;
      let flat = 0, cum = 0;
      for (const n of fns) {
        flat += n.flat;
        cum += n.cum;
      }
      const entry: ListedFunction = { function: name, file, flat, cum, lines: [] };
      functions.push(entry);
      const source = read(file);
      if (source instanceof Error) {
        entry.error = source.message;
        continue;
      }
      let start = fns[0]!.startLine !== 0 ? fns[0]!.startLine : fns[0]!.line - margin;
      let end = fns[0]!.line + margin;
      const perLine = new Map<number, [number, number]>();
      for (const n of fns) {
        const nodeStart = n.startLine !== 0 ? n.startLine : n.line - margin;
        const nodeEnd = n.line + margin;
        if (nodeStart < start) start = nodeStart;
        else if (nodeEnd > end) end = nodeEnd;
        const v = perLine.get(n.line) ?? [0, 0];
        v[0] += n.flat;
        v[1] += n.cum;
        perLine.set(n.line, v);
      }
      for (let ln = Math.max(1, start); ln <= end && ln < source.length; ln++) {
        const [f, c] = perLine.get(ln) ?? [0, 0];
        entry.lines.push({ line: ln, source: source[ln]!, flat: f, cum: c });
      }
    }
  }
  const t = sel.profile.sampleTypes[sel.sampleIndex]!;
  return { sampleType: t.type, unit: t.unit, total, functions };
}

/** Text as `go tool pprof -list` prints it. */
export function renderListText(v: ListView, outputUnit = 'minimum'): string {
  const unit = v.unit.toLowerCase();
  const fmt = (x: number) => scaledLabel(x, unit, outputUnit);
  const dot = (x: number) => (x === 0 ? '.' : fmt(x));
  const out = [`Total: ${fmt(v.total)}`];
  for (const f of v.functions) {
    if (f.file === '' && f.error) {
      out.push(f.error);
      continue;
    }
    out.push(`ROUTINE ======================== ${f.function} in ${f.file}`);
    out.push(`${fmt(f.flat).padStart(10)} ${fmt(f.cum).padStart(10)} (flat, cum) ${percentOf(f.cum, v.total)} of Total`);
    if (f.error) {
      out.push(` Error: ${f.error}`);
      continue;
    }
    for (const l of f.lines) out.push(`${dot(l.flat).padStart(10)} ${dot(l.cum).padStart(10)} ${String(l.line).padStart(6)}:${l.source}`);
  }
  return out.join('\n') + '\n';
}

export function renderListJson(v: ListView): string {
  return JSON.stringify(v, null, 2) + '\n';
}
