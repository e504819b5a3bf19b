// //heapwise:ignore <id>[,<id>] <reason> on the line of a finding or the line above it
// suppresses that finding. The reason is required: an ignore without one suppresses nothing
// and is reported. With strict ignores, an ignore that suppresses nothing is reported too.
import type { Finding } from './finding.js';

export interface IgnoreComment {
  file: string;
  line: number;
  column: number;
  ids: string[];
  reason: string;
}

const directive = /\/\/\s*heapwise:ignore(?:\s+([\w,-]+))?(?:\s+(.*))?$/;

export function ignoresIn(file: string, text: string): IgnoreComment[] {
  if (!text.includes('heapwise:ignore')) return [];
  const out: IgnoreComment[] = [];
  text.split('\n').forEach((line, i) => {
    const m = directive.exec(line);
    if (!m) return;
    out.push({
      file,
      line: i + 1,
      column: Buffer.byteLength(line.slice(0, m.index), 'utf8') + 1,
      ids: (m[1] ?? '').split(',').filter(Boolean),
      reason: (m[2] ?? '').trim(),
    });
  });
  return out;
}

/** Findings left after the ignores, plus findings about the ignore comments themselves. */
export function applyIgnores(findings: Finding[], ignores: IgnoreComment[], strict: boolean): Finding[] {
  const used = new Set<IgnoreComment>();
  const valid = ignores.filter((c) => c.ids.length > 0 && c.reason !== '');
  const kept = findings.filter((f) => {
    const c = valid.find((c) => c.file === f.file && (c.line === f.line || c.line === f.line - 1) && (c.ids.includes(f.analyzer) || c.ids.includes('all')));
    if (c) used.add(c);
    return !c;
  });
  for (const c of ignores) {
    const invalid = c.ids.length === 0 || c.reason === '';
    if (!invalid && (!strict || used.has(c))) continue;
    kept.push({
      analyzer: 'ignore',
      severity: 'warning',
      message: invalid
        ? '//heapwise:ignore needs the analyzer ids and a reason: //heapwise:ignore <id>[,<id>] <why this is fine>'
        : `//heapwise:ignore ${c.ids.join(',')} suppresses nothing here (--strict-ignores)`,
      file: c.file,
      line: c.line,
      column: c.column,
      endLine: c.line,
      endColumn: c.column,
    });
  }
  return kept;
}
