// Writes binary output (merged profiles) whole or not at all: a temporary file renamed into place.
import { rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../core/errors.js';

export async function writeOutputBytes(data: Uint8Array, file: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new InputError(`cannot write: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, file);
  }
}
