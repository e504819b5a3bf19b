// The catalog analyzers' findings for a whole run, cached on disk the way `go vet` caches its
// verdicts: a warm run over unchanged code skips the full parse of every function body (the
// most expensive step: ~5 MB/s) and the analyzers' walks over the trees.
//
// The key is everything the findings can depend on, so an entry is never stale:
// - heapwise's own code (a hash of the compiled files next to this one, not just the version,
//   so that changing an analyzer during development changes the key), and its pinned parser;
// - the contents of every file of the module's packages, tests included (analyzers such as
//   struct-padding and false-sharing look at how the whole module uses a type);
// - every dependency's files: contents inside the module, path, size and modification time
//   outside it; standard-library packages by the Go version alone (GOROOT belongs to it);
// - the Go version, the arch, the analyzers and their settings, the patterns' packages.
// Findings are cached before //heapwise:ignore comments and exclusions are applied, so those
// still apply on a hit.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../core/finding.js';
import { isInside } from '../go/env.js';
import type { GoPackage } from '../go/list.js';
import { cacheGet, cacheKey, cachePut } from './cache.js';

export interface FindingsKeyInputs {
  goVersion: string;
  arch: string;
  /** The module's root: files inside it are keyed by content. */
  root: string;
  /** Every listed package (the patterns' packages and their dependencies). */
  packages: GoPackage[];
  /** Packages whose test files analyzers read (the module's own). */
  withTests: Set<string>;
  analyzers: string[];
  /** The configuration as loaded from heapwise.json. */
  config: unknown;
}

export function findingsKey(k: FindingsKeyInputs): string {
  const inputs = [`go ${k.goVersion}`, `arch ${k.arch}`, `code ${codeId()}`, `analyzers ${k.analyzers.join(',')}`, `config ${JSON.stringify(k.config)}`];
  const inside: string[] = [];
  for (const p of [...k.packages].sort((a, b) => a.importPath.localeCompare(b.importPath))) {
    inputs.push(`package ${p.importPath} ${p.matched ? 'matched' : 'dep'} ${p.dir}`);
    // Standard-library dependencies are the Go version's, already in the key.
    if (p.standard && !isInside(k.root, p.dir)) continue;
    const files = k.withTests.has(p.importPath) ? [...p.files, ...p.testFiles] : p.files;
    for (const f of files) {
      if (isInside(k.root, f)) inside.push(f);
      else inputs.push(`file ${f} ${stamp(f)}`);
    }
  }
  return cacheKey('findings', inside, ...inputs);
}

export function cachedFindings(key: string): Finding[] | undefined {
  return cacheGet<Finding[]>(key);
}

export function saveFindings(key: string, findings: Finding[]): void {
  cachePut(key, findings);
}

function stamp(file: string): string {
  try {
    const s = statSync(file);
    return `${s.size} ${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

let code: string | undefined;

/**
 * A hash of heapwise's compiled code (the .js or .ts files of the tree this module runs from)
 * and of its package.json, which pins the parser and grammar.
 */
function codeId(): string {
  if (code) return code;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const top = path.dirname(here); // dist/ when built, src/ under the test runner
  const h = createHash('sha1');
  const files = readdirSync(top, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(js|ts)$/.test(f) && !f.endsWith('.d.ts') && !/\.test\.(js|ts)$/.test(f))
    .sort();
  for (const f of files) h.update(`${f}\0`).update(readFileSync(path.join(top, f))).update('\0');
  h.update(readFileSync(path.join(path.dirname(top), 'package.json')));
  code = h.digest('hex');
  return code;
}
