// Worker thread: parses the files it is sent and posts back their declarations.
import { parentPort } from 'node:worker_threads';
import { parseFile, type ParseMode } from './parse-file.js';
import { goParser } from './parser.js';

interface Job {
  files: string[];
  mode: ParseMode;
}

parentPort!.on('message', async (job: Job) => {
  const parser = await goParser();
  try {
    parentPort!.postMessage({ ok: true, decls: job.files.map((f) => parseFile(parser, f, job.mode)) });
  } catch (e) {
    parentPort!.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
