// Worker thread: loads the grammar at once, then parses the files it is sent and posts back
// their declarations (plain data).
import { parentPort } from 'node:worker_threads';
import { parseFile, type ParseMode } from './parse-file.js';
import { goParser } from './parser.js';

interface Job {
  id: number;
  files: string[];
  mode: ParseMode;
}

const ready = goParser();

parentPort!.on('message', async (job: Job) => {
  try {
    const parser = await ready;
    const decls = job.files.map((f) => parseFile(parser, f, job.mode));
    parentPort!.postMessage({ id: job.id, ok: true, decls });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
