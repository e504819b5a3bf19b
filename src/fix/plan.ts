// Which suggested fixes can be applied together: a pure step from findings and file contents to
// the new contents. A fix whose edits overlap an edit already taken is refused, never merged
// (a second `heapwise fix` run applies it to the changed code); identical edits, such as two
// fixes adding the same import, count once.
import type { Finding, TextEdit } from '../core/finding.js';
import { applyEdits } from './apply.js';

export interface FilePlan {
  /** Path relative to the module root. */
  file: string;
  original: Buffer;
  fixed: Buffer;
  /** The findings whose fixes touch this file. */
  findings: Finding[];
}

export interface Plan {
  files: FilePlan[];
  /** Fixes left out because their edits overlap a fix taken before them. */
  refused: { finding: Finding; reason: string }[];
}

export function planFixes(findings: Finding[], read: (file: string) => Buffer): Plan {
  const taken = new Map<string, TextEdit[]>();
  const byFile = new Map<string, Finding[]>();
  const refused: Plan['refused'] = [];
  const ordered = findings.filter((f) => f.fix && f.fix.edits.length > 0).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  for (const f of ordered) {
    const fresh = f.fix!.edits.filter((e) => !(taken.get(e.file) ?? []).some((t) => same(t, e)));
    const clash = fresh.find((e) => (taken.get(e.file) ?? []).some((t) => overlap(t, e)) || fresh.some((o) => o !== e && o.file === e.file && overlap(o, e)));
    if (clash) {
      refused.push({ finding: f, reason: `its edit at byte ${clash.start} of ${clash.file} overlaps another fix` });
      continue;
    }
    for (const e of fresh) taken.set(e.file, [...(taken.get(e.file) ?? []), e]);
    for (const file of new Set(f.fix!.edits.map((e) => e.file))) byFile.set(file, [...(byFile.get(file) ?? []), f]);
  }
  const files: FilePlan[] = [];
  for (const [file, edits] of [...taken].sort(([a], [b]) => a.localeCompare(b))) {
    const original = read(file);
    files.push({ file, original, fixed: applyEdits(original, edits), findings: byFile.get(file) ?? [] });
  }
  return { files, refused };
}

function same(a: TextEdit, b: TextEdit): boolean {
  return a.file === b.file && a.start === b.start && a.end === b.end && a.newText === b.newText;
}

/** Edits overlap when their ranges share a byte, or both insert at one point (order unknown). */
function overlap(a: TextEdit, b: TextEdit): boolean {
  if (a.file !== b.file) return false;
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  if (a.start === a.end) return a.start > b.start && a.start < b.end;
  if (b.start === b.end) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}
