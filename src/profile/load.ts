// Bytes -> Profile, the way pprof reads a file: gunzip when gzipped, profile.proto first, the
// legacy text formats (heap, contention, goroutine/threadcreate) when it is one of them.
// Every failure becomes one InputError naming the file.
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../core/errors.js';
import { decodeProfile } from './decode.js';
import { fetchProfile, isUrl } from './fetch.js';
import { isLegacyHeap, parseLegacyHeap } from './legacy-heap.js';
import { isLegacyContention, isLegacyCount, parseLegacyContention, parseLegacyCount } from './legacy-text.js';
import type { Profile } from './model.js';
import { FormatError } from './protobuf.js';

/** Legacy formats pprof reads that heapwise does not (yet): a clear answer instead of a parse error. */
const otherLegacy: [RegExp, string][] = [
  [/^--- threadz /, 'legacy threadz profiles'],
  [/^--- contentionz [^]*\bformat\s*=\s*java/, 'legacy Java contention profiles'],
  [/^--- heapz 1 ---/, 'legacy Java heap profiles'],
];

export function parseProfile(data: Uint8Array, name: string): Profile {
  if (data.length === 0) throw new InputError('empty file: not a profile', name);
  let bytes = data;
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    try {
      bytes = gunzipSync(data);
    } catch (e) {
      throw new InputError(`cannot decompress (gzip): ${(e as Error).message}`, name);
    }
    if (bytes.length === 0) throw new InputError('empty profile after decompression', name);
  }
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1').trimStart();
  try {
    if (head.startsWith('heap profile:')) {
      const text = Buffer.from(bytes).toString('utf8');
      if (isLegacyHeap(text)) return parseLegacyHeap(text);
    }
    for (const [re, what] of otherLegacy) {
      if (re.test(head)) throw new InputError(`${what} are not supported; convert with \`go tool pprof -proto\``, name);
    }
    if (isLegacyCpu(bytes)) throw new InputError('legacy binary CPU profiles are not supported; convert with `go tool pprof -proto`', name);
    if (isLegacyContention(head) || isLegacyCount(head)) {
      const text = Buffer.from(bytes).toString('utf8');
      return isLegacyContention(text) ? parseLegacyContention(text) : parseLegacyCount(text);
    }
    return decodeProfile(bytes);
  } catch (e) {
    if (e instanceof InputError) throw e;
    if (e instanceof FormatError || e instanceof RangeError) {
      const text = looksLikeText(bytes) ? ' (looks like text, not a profile)' : '';
      throw new InputError(`not a valid profile: ${e.message}${text}`, name);
    }
    throw e;
  }
}

/** gperftools/Go legacy CPU profiles start with the header words 0, 3 (32- or 64-bit, either byte order). */
function isLegacyCpu(b: Uint8Array): boolean {
  if (b.length < 16) return false;
  const zero = (from: number, to: number) => b.subarray(from, to).every((x) => x === 0);
  const three = (from: number, n: number) => (b[from] === 3 && zero(from + 1, from + n)) || (b[from + n - 1] === 3 && zero(from, from + n - 1));
  return (zero(0, 4) && three(4, 4)) || (zero(0, 8) && three(8, 8));
}

function looksLikeText(b: Uint8Array): boolean {
  const n = Math.min(b.length, 512);
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c < 9 || (c > 13 && c < 32)) return false;
  }
  return n > 0;
}

export interface LoadOptions {
  /** For URLs: how long to wait, in milliseconds. */
  timeoutMs?: number;
}

/** Reads a profile from a file path or an http(s) URL. */
export async function loadProfile(source: string, options: LoadOptions = {}): Promise<Profile> {
  if (isUrl(source)) return parseProfile(await fetchProfile(source, options.timeoutMs), source);
  let data: Buffer;
  try {
    data = await readFile(source);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? String(e)})`;
    throw new InputError(why, source);
  }
  return parseProfile(data, source);
}
