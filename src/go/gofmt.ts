// gofmt, the formatter every Go engineer's editor runs: heapwise fix formats each file it
// changes with the gofmt of the toolchain in use (GOROOT/bin), so fixed code reads as if
// written by hand.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ToolchainError } from '../core/errors.js';

export type Formatted = { ok: true; text: Buffer } | { ok: false; error: string };

export function gofmt(goroot: string, source: Buffer, filename: string): Promise<Formatted> {
  const bin = path.join(goroot, 'bin', process.platform === 'win32' ? 'gofmt.exe' : 'gofmt');
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => reject(new ToolchainError(e.code === 'ENOENT' ? `gofmt was not found at ${bin}` : `gofmt failed: ${e.message}`)));
    child.on('close', (code) => {
      if (code === 0) return resolve({ ok: true, text: Buffer.concat(out) });
      // gofmt names the input <standard input>; name the file instead.
      const first = Buffer.concat(err).toString('utf8').split('\n')[0] ?? '';
      resolve({ ok: false, error: first.replace(/^<standard input>/, filename) });
    });
    child.stdin.end(source);
  });
}
