// Parses many files on all cores: the main thread takes one share, worker threads the others.
// Workers start on the first parse big enough to spread, and then serve later ones.
//
// Measured on the 2-vCPU machines this project runs on: the skimmed parse of the standard
// library takes 0.5 s on one thread, and two threads each take 1.75x longer on their half
// (the vCPUs share a core's caches), so spreading it gains nothing and `structs` mode stays
// on the main thread. Full parses (`all`), for analyzers that read function bodies, spread.
import { statSync } from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FileDecls } from './model.js';
import { parseFile, type ParseMode } from './parse-file.js';
import { goParser } from './parser.js';

/** Below this many bytes the main thread alone is faster than shipping results between threads. */
const spreadThreshold: Record<ParseMode, number> = { types: Infinity, structs: Infinity, 'structs+syntax': Infinity, all: 1_000_000 };

interface Reply {
  id: number;
  ok: boolean;
  decls?: FileDecls[];
  error?: string;
}

export class ParsePool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (d: FileDecls[]) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor(private readonly maxWorkers = Math.min(os.availableParallelism(), 4) - 1) {}

  async parse(files: string[], mode: ParseMode): Promise<FileDecls[]> {
    const sizes = files.map((f) => statSync(f).size);
    const total = sizes.reduce((a, b) => a + b, 0);
    if (this.maxWorkers <= 0 || total < spreadThreshold[mode]) {
      const parser = await goParser();
      return files.map((f) => parseFile(parser, f, mode));
    }
    this.startWorkers();
    // Balance by bytes: largest files first, each to the lightest share.
    const shares: { files: number[]; bytes: number }[] = Array.from({ length: this.workers.length + 1 }, () => ({ files: [], bytes: 0 }));
    const order = files.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]!);
    for (const i of order) {
      const lightest = shares.reduce((a, b) => (b.bytes < a.bytes ? b : a));
      lightest.files.push(i);
      lightest.bytes += sizes[i]!;
    }
    const results: FileDecls[] = new Array(files.length);
    const remote = shares.slice(1).map((share, w) => this.send(this.workers[w]!, share.files.map((i) => files[i]!), mode));
    const parser = await goParser();
    for (const i of shares[0]!.files) results[i] = parseFile(parser, files[i]!, mode);
    const done = await Promise.all(remote);
    done.forEach((decls, w) => shares[w + 1]!.files.forEach((fileIndex, j) => (results[fileIndex] = decls[j]!)));
    return results;
  }

  private startWorkers(): void {
    while (this.workers.length < this.maxWorkers) {
      const w = new Worker(new URL('./parse-worker.js', import.meta.url));
      w.unref(); // never keeps the process alive
      w.on('message', (r: Reply) => this.settle(r));
      w.on('error', (e) => this.failAll(e));
      this.workers.push(w);
    }
  }

  close(): void {
    for (const w of this.workers) void w.terminate();
    this.workers.length = 0;
  }

  private send(worker: Worker, files: string[], mode: ParseMode): Promise<FileDecls[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, files, mode });
    });
  }

  private settle(r: Reply): void {
    const p = this.pending.get(r.id);
    if (!p) return;
    this.pending.delete(r.id);
    if (r.ok) p.resolve(r.decls!);
    else p.reject(new Error(r.error));
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
