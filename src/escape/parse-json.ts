// Reads the compiler's `-json=0,<dir>` diagnostics: one directory per package (the import path,
// URL-escaped; `main` for every main package, so two main packages overwrite each other's files
// and the JSON is enrichment only, never the record of decisions), one file per source file: a
// header line, then one LSP-style diagnostic per line. Lines and characters are the compiler's
// 1-based line and byte column, as in the -m text.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pushAll } from '../core/arrays.js';
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

/**
 * Every diagnostic under `dir`; unreadable files and lines are skipped (the text is the record).
 * Package directories in `alreadyRead` (read as their package finished compiling) are taken
 * from there; the order is the directory's either way.
 */
export function readJsonDiagnostics(dir: string, alreadyRead?: ReadonlyMap<string, JsonDiagnostic[]>): JsonDiagnostic[] {
  const out: JsonDiagnostic[] = [];
  let pkgDirs: string[];
  try {
    pkgDirs = readdirSync(dir);
  } catch {
    return out; // no directory: nothing was compiled
  }
  for (const d of pkgDirs) pushAll(out, alreadyRead?.get(d) ?? readJsonPackage(dir, d));
  return out;
}

/** The diagnostics in one package's directory under `dir` (none when it is not there). */
export function readJsonPackage(dir: string, name: string): JsonDiagnostic[] {
  let files: string[];
  try {
    files = readdirSync(path.join(dir, name)).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  const out: JsonDiagnostic[] = [];
  for (const f of files) pushAll(out, parseJsonFile(readFileSync(path.join(dir, name, f), 'utf8')));
  return out;
}

/**
 * The directory the compiler writes a package's diagnostics to: Go's url.PathEscape of the
 * import path (`example.com%2Fm%2Fp`); every main package writes to `main`.
 */
export function jsonPackageDirName(importPath: string): string {
  let out = '';
  for (const b of Buffer.from(importPath, 'utf8')) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~$&+:=@]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
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
