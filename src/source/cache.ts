// A cache on disk of results that depend only on file contents: extracted declarations per
// package and parse mode, unkeyed-literal searches per package. Keys hash the contents (not
// file times), heapwise's version and a format number, so an entry is never stale. A warm
// run skips skimming and parsing. Set HEAPWISE_CACHE to a directory to move it, or to `off`
// to disable it.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { heapwiseVersion } from '../core/version.js';
import { sourceHash } from './read.js';

/** Bump when what is cached changes shape or meaning. */
const formatVersion = 6;

export function cacheDir(): string | undefined {
  const setting = process.env.HEAPWISE_CACHE;
  if (setting === 'off') return undefined;
  if (setting) return setting;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'heapwise');
}

/** A key for `kind` over some files' contents and any other inputs that decide the result. */
export function cacheKey(kind: string, files: string[], ...inputs: string[]): string {
  const h = createHash('sha256');
  h.update(`heapwise ${heapwiseVersion} ${formatVersion} ${kind}\n`);
  for (const i of inputs) h.update(`${i}\n`);
  for (const f of files) h.update(`${f}\0${sourceHash(f)}\n`);
  return h.digest('hex');
}

export function cacheGet<T>(key: string): T | undefined {
  const dir = cacheDir();
  if (!dir) return undefined;
  try {
    return v8.deserialize(readFileSync(entryPath(dir, key))) as T;
  } catch {
    return undefined; // missing or unreadable: compute again
  }
}

export function cachePut(key: string, value: unknown): void {
  const to = writeTarget(key);
  if (!to) return;
  try {
    mkdirSync(path.dirname(to.file), { recursive: true });
    writeFileSync(to.tmp, v8.serialize(value));
    renameSync(to.tmp, to.file);
  } catch {
    // A cache that cannot be written only costs time.
  }
}

/**
 * cachePut on the thread pool: the files are written while the caller goes on (the escape
 * facts of a cold run: 15 entries for uber-go/zap took 30 ms of the main thread). Never rejects.
 */
export async function cachePutLater(key: string, value: unknown): Promise<void> {
  const to = writeTarget(key);
  if (!to) return;
  try {
    const bytes = v8.serialize(value);
    await mkdir(path.dirname(to.file), { recursive: true });
    await writeFile(to.tmp, bytes);
    await rename(to.tmp, to.file);
  } catch {
    // A cache that cannot be written only costs time.
  }
}

/** Where an entry goes, written first to a file of this process's own and renamed: readers never see half of it. */
function writeTarget(key: string): { file: string; tmp: string } | undefined {
  const dir = cacheDir();
  if (!dir) return undefined;
  const file = entryPath(dir, key);
  return { file, tmp: `${file}.${process.pid}.tmp` };
}

function entryPath(dir: string, key: string): string {
  return path.join(dir, key.slice(0, 2), `${key}.bin`);
}
