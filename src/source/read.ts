// Source text by path, read once per run, and its content hash: the parse, the cache keys and
// later checks of the same files (such as the search for unkeyed literals) share them.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const texts = new Map<string, string>();
const hashes = new Map<string, string>();

export function readSource(path: string): string {
  let text = texts.get(path);
  if (text === undefined) {
    text = readFileSync(path, 'utf8');
    texts.set(path, text);
  }
  return text;
}

/** SHA-1 of the file's content, hex. */
export function sourceHash(path: string): string {
  let h = hashes.get(path);
  if (h === undefined) {
    h = createHash('sha1').update(readSource(path)).digest('hex');
    hashes.set(path, h);
  }
  return h;
}

/** Forget every text (between runs in one process, e.g. tests). */
export function clearSources(): void {
  texts.clear();
  hashes.clear();
}
