// Which Go runtime printed a trace `heapwise gc run` collected. A gctrace does not say, and the
// GC's costs change between versions (Go 1.26's Green Tea marks by span), so the report names
// the version where it can be known and says "unknown" where it cannot; it never assumes the
// local toolchain's.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { goBinary, runGo } from '../go/toolchain.js';

export interface ProgramGoVersion {
  /** e.g. go1.26.8; null: unknown. */
  version: string | null;
  /** Where it came from, or why it is unknown. */
  source: string;
}

/** The Go version of `command` as `gc run` ran it in `env`. */
export async function programGoVersion(command: string[], env: Record<string, string>): Promise<ProgramGoVersion> {
  const name = command[0]!;
  const exe = await resolveCommand(name);
  if (exe === null) return { version: null, source: `${name} not found on PATH` };
  try {
    // `go run` and `go test` build with the toolchain the module selects (its go and toolchain
    // lines, GOTOOLCHAIN); `go env GOVERSION` in the same directory and environment names it.
    if (path.basename(exe) === 'go' && path.basename(goBinary()) === 'go') {
      const r = await runGo(['env', 'GOVERSION'], { cwd: process.cwd(), env, allowFailure: true, timeoutMs: 60_000 });
      const v = r.stdout.trim();
      return r.exitCode === 0 && v ? { version: v, source: 'go env GOVERSION, the toolchain go builds with here' } : { version: null, source: 'go env GOVERSION failed' };
    }
    // A built binary carries its build info: `go version FILE` prints "FILE: go1.26.8".
    const r = await runGo(['version', exe], { cwd: process.cwd(), allowFailure: true, timeoutMs: 60_000 });
    const v = /: (go\S+)\s*$/.exec(r.stdout.trim())?.[1];
    return r.exitCode === 0 && v ? { version: v, source: `the build info of ${exe}` } : { version: null, source: `${name} is not a Go binary go version can read (a script that starts one?)` };
  } catch (e) {
    return { version: null, source: (e as Error).message };
  }
}

/** The file a command name runs: itself when it has a slash, else the first match on PATH. */
async function resolveCommand(name: string): Promise<string | null> {
  const candidates = name.includes('/') ? [path.resolve(name)] : (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((d) => path.join(d, name));
  for (const c of candidates) {
    try {
      await access(c, constants.X_OK);
      return c;
    } catch {
      // not here
    }
  }
  return null;
}
