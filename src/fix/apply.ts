// Applies text edits to a file's bytes: the one shared place where edits become text.
// Overlapping edits are refused rather than guessed at.
import type { TextEdit } from '../core/finding.js';

export class OverlappingEdits extends Error {
  override name = 'OverlappingEdits';
}

export function applyEdits(content: Buffer, edits: TextEdit[]): Buffer {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: Buffer[] = [];
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) throw new OverlappingEdits(`edits overlap at byte ${e.start} of ${e.file}`);
    if (e.end < e.start || e.end > content.length) throw new RangeError(`edit [${e.start}, ${e.end}) outside ${e.file}`);
    parts.push(content.subarray(at, e.start), Buffer.from(e.newText, 'utf8'));
    at = e.end;
  }
  parts.push(content.subarray(at));
  return Buffer.concat(parts);
}
