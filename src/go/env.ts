// What the Go toolchain says about the place heapwise runs in: version, GOROOT, GOARCH, module.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { runGo } from './toolchain.js';

export interface GoEnv {
  goVersion: string;
  goroot: string;
  goarch: string;
  goos: string;
  /** Absolute path of go.mod, or '' outside a module. */
  gomod: string;
}

export async function goEnv(cwd: string): Promise<GoEnv> {
  const { stdout } = await runGo(['env', '-json', 'GOVERSION', 'GOROOT', 'GOARCH', 'GOOS', 'GOMOD'], { cwd });
  const env = JSON.parse(stdout) as Record<string, string>;
  return {
    goVersion: env.GOVERSION ?? '',
    goroot: env.GOROOT ?? '',
    goarch: env.GOARCH ?? '',
    goos: env.GOOS ?? '',
    gomod: env.GOMOD ?? '',
  };
}

export interface ModuleInfo {
  /** The module path from go.mod (`std` for the standard library). */
  path: string;
  root: string;
  /** The `go` directive, e.g. `1.26`, when present. */
  goDirective?: string;
}

export async function moduleOf(env: GoEnv, cwd: string): Promise<ModuleInfo> {
  if (!env.gomod || env.gomod === '/dev/null' || env.gomod === 'NUL') {
    throw new InputError(`not inside a Go module (no go.mod in ${cwd} or any parent); run heapwise in a module or pass -C <dir>`);
  }
  const text = await readFile(env.gomod, 'utf8');
  const mod = /^\s*module\s+("?)([^"\s]+)\1/m.exec(text);
  if (!mod) throw new InputError('no module directive', env.gomod);
  const go = /^\s*go\s+(\d+(?:\.\d+)*)/m.exec(text);
  return { path: mod[2]!, root: path.dirname(env.gomod), goDirective: go?.[1] };
}

/** Whether a file or directory is the module root or below it. */
export function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
