// Writes a report to stdout or to a file; a file is written whole or not at all.
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../core/errors.js';

export async function writeOutput(text: string, file: string | undefined): Promise<void> {
  if (!file) {
    process.stdout.write(text);
    return;
  }
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, text);
    await rename(tmp, file);
  } catch (e) {
    throw new InputError(`cannot write the report: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, file);
  }
}
