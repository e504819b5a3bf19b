// The one findings model every evidence source feeds and every reporter reads.

export type Severity = 'info' | 'warning' | 'error';

export const severityRank: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export function isSeverity(s: string): s is Severity {
  return s === 'info' || s === 'warning' || s === 'error';
}

/** A replacement of the bytes [start, end) of a file (byte offsets, UTF-8). */
export interface TextEdit {
  /** Path relative to the module root. */
  file: string;
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  message: string;
  edits: TextEdit[];
}

export interface Finding {
  /** The analyzer id, e.g. `struct-padding`. */
  analyzer: string;
  severity: Severity;
  /** One line: what is wasted and how much. */
  message: string;
  /** Path relative to the module root, with forward slashes. */
  file: string;
  /** 1-based line and column; columns count bytes, as the Go toolchain does. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** A mechanical, safe fix, when one exists. */
  fix?: Fix;
  /** Why no fix is offered although the finding is mechanical in principle. */
  noFixReason?: string;
  /** Analyzer-specific figures for JSON, SARIF and HTML (bytes saved, sizes...). */
  data?: Record<string, unknown>;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.analyzer < b.analyzer ? -1 : a.analyzer > b.analyzer ? 1 : 0)
  );
}
