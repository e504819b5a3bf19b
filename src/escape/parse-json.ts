// Reads the compiler's `-json=0,<dir>` diagnostics: one directory per package (the import path,
// URL-escaped; `main` for every main package, so two main packages overwrite each other's files
// and the JSON is enrichment only, never the record of decisions), one file per source file: a
// header line, then one LSP-style diagnostic per line. Lines and characters are the compiler's
// 1-based line and byte column, as in the -m text.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { OtherFact, SourcePos } from './model.js';

export interface JsonDiagnostic extends SourcePos {
  code: string;
  message: string;
  /** The package name or import path from the file's header. */
  pkg: string;
}

interface Header {
  version?: number;
  package?: string;
  file?: string;
}

interface Diagnostic {
  range?: { start?: { line?: number; character?: number } };
  code?: string;
  message?: string;
}

/** Every diagnostic under `dir`; unreadable files and lines are skipped (the text is the record). */
export function readJsonDiagnostics(dir: string): JsonDiagnostic[] {
  const out: JsonDiagnostic[] = [];
  let pkgDirs: string[];
  try {
    pkgDirs = readdirSync(dir);
  } catch {
    return out; // no directory: nothing was compiled
  }
  for (const d of pkgDirs) {
    let files: string[];
    try {
      files = readdirSync(path.join(dir, d)).filter((f) => f.endsWith('.json'));
    } catch {
      continue;
    }
    for (const f of files) out.push(...parseJsonFile(readFileSync(path.join(dir, d, f), 'utf8')));
  }
  return out;
}

export function parseJsonFile(text: string): JsonDiagnostic[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  let header: Header;
  try {
    header = JSON.parse(lines[0]!) as Header;
  } catch {
    return [];
  }
  const file = header.file ?? '';
  const out: JsonDiagnostic[] = [];
  for (const l of lines.slice(1)) {
    let d: Diagnostic;
    try {
      d = JSON.parse(l) as Diagnostic;
    } catch {
      continue;
    }
    const start = d.range?.start;
    if (!start || typeof start.line !== 'number') continue;
    out.push({
      file,
      line: start.line,
      column: start.character ?? 0,
      code: d.code ?? '',
      message: d.message ?? '',
      pkg: header.package ?? '',
    });
  }
  return out;
}

/** Codes that the -m text does not carry and heapwise keeps as other facts. */
const otherCodes = new Set(['isInBounds', 'isSliceInBounds', 'nilcheck', 'copy', 'iteration-variable-to-stack', 'loop-modified-range']);

export function otherFacts(diags: JsonDiagnostic[], pkgOfFile: (file: string) => string | undefined): OtherFact[] {
  const out: OtherFact[] = [];
  for (const d of diags) {
    if (!otherCodes.has(d.code)) continue;
    out.push({ file: d.file, line: d.line, column: d.column, pkg: pkgOfFile(d.file) ?? d.pkg, code: d.code, message: d.message });
  }
  return out;
}

/** Escape messages by position: the JSON prints the whole expression where -m shortens it. */
export function escapeSubjects(diags: JsonDiagnostic[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const d of diags) {
    if (d.code !== 'escape' && d.code !== 'escapes') continue;
    const m = /^(.+) escapes to heap$/.exec(d.message);
    if (!m) continue;
    const key = `${d.file}:${d.line}:${d.column}`;
    const list = out.get(key) ?? [];
    list.push(m[1]!);
    out.set(key, list);
  }
  return out;
}
