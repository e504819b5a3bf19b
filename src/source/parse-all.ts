// Parses many files, spreading them over worker threads when there is enough work to pay
// for starting them (each loads its own copy of the grammar).
import { statSync } from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FileDecls } from './model.js';
import { parseFile, type ParseMode } from './parse-file.js';
import { goParser } from './parser.js';

/**
 * Below this many bytes one thread is faster than starting workers. Skimmed parses (declarations
 * only) of the whole standard library take about half a second on one thread, less than a
 * worker needs to start and load the grammar, so only full parses are spread.
 */
const workerThreshold: Record<ParseMode, number> = { types: Infinity, structs: Infinity, all: 3_000_000 };

export async function parseAll(files: string[], mode: ParseMode): Promise<FileDecls[]> {
  const sizes = files.map((f) => statSync(f).size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const threads = Math.min(os.availableParallelism(), 4);
  if (threads < 2 || total < workerThreshold[mode]) {
    const parser = await goParser();
    return files.map((f) => parseFile(parser, f, mode));
  }
  // Balance by bytes: largest files first, each to the lightest share. The main thread takes
  // one share itself so no core sits idle while workers start.
  const shares: { files: number[]; bytes: number }[] = Array.from({ length: threads }, () => ({ files: [], bytes: 0 }));
  const order = files.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]!);
  for (const i of order) {
    const lightest = shares.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    lightest.files.push(i);
    lightest.bytes += sizes[i]!;
  }
  const results: FileDecls[] = new Array(files.length);
  const workerShares = shares.slice(1);
  const pending = workerShares.map((share) => runWorker(share.files.map((i) => files[i]!), mode));
  const parser = await goParser();
  for (const i of shares[0]!.files) results[i] = parseFile(parser, files[i]!, mode);
  const done = await Promise.all(pending);
  done.forEach((decls, w) => {
    workerShares[w]!.files.forEach((fileIndex, j) => {
      results[fileIndex] = decls[j]!;
    });
  });
  return results;
}

function runWorker(files: string[], mode: ParseMode): Promise<FileDecls[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./parse-worker.js', import.meta.url));
    worker.once('message', (msg: { ok: boolean; decls?: FileDecls[]; error?: string }) => {
      void worker.terminate();
      if (msg.ok) resolve(msg.decls!);
      else reject(new Error(msg.error));
    });
    worker.once('error', reject);
    worker.postMessage({ files, mode });
  });
}
