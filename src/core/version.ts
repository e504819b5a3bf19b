// The heapwise version and home, read once from package.json so there is one source of truth.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string; homepage: string };

export const heapwiseVersion: string = pkg.version;

/** Where heapwise lives; analyzer documentation URLs are built from it. */
export const homepage: string = pkg.homepage;
