// Reading a trace file (or - for stdin) for `heapwise gc` and `analyze --gc-trace`: a malformed
// GC line or a trace without cycles is an input error naming the file and line.
import { readFile } from 'node:fs/promises';
import { InputError } from '../core/errors.js';
import { parseTrace, type ParsedTrace } from './trace.js';

export async function loadTrace(file: string): Promise<ParsedTrace> {
  const { text, name } = await readInput(file);
  const trace = parseTrace(text, name);
  const bad = trace.issues[0];
  if (bad) throw new InputError(bad.message, `${bad.file}:${bad.line}`);
  if (trace.cycles.length === 0) {
    throw new InputError('no gctrace lines ("gc N @...") found: run the program with GODEBUG=gctrace=1 (GOGC=off without GOMEMLIMIT prints none)', name);
  }
  return trace;
}

export async function readInput(file: string): Promise<{ text: string; name: string }> {
  const name = file === '-' ? '<stdin>' : file;
  try {
    return { text: file === '-' ? await readStdin() : await readFile(file, 'utf8'), name };
  } catch (e) {
    throw new InputError(`cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, name);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
