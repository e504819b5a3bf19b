// `heapwise profile` as a user meets it: JSON for top, diff and merge checked against go tool
// pprof, profiles fetched from a service started here (loopback only), and broken inputs ending
// in one line on stderr with exit code 2.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, runCli } from '../support/cli.js';
import { runCommand } from '../support/tools.js';
import { makeProfile, pprof, tempDir, topBody } from '../fixtures/profile/profiles.js';

const tmp = tempDir('heapwise-profile-cli-');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let a: string;
let b: string;
beforeAll(async () => {
  a = await makeProfile(tmp, 'a.pb.gz', 15000, 6);
  b = await makeProfile(tmp, 'b.pb.gz', 6000, 4);
});

function expectOneLineError(r: { status: number | null; stdout: string; stderr: string }, pattern: RegExp) {
  expect(r.status ?? (r as { exitCode?: number }).exitCode).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^heapwise: /);
  expect(r.stderr).toMatch(pattern);
}

interface TopJson {
  sampleType: string;
  unit: string;
  total: number;
  rows: { function: string; file: string; line: number; flat: number; flatPercent: number; sumPercent: number; cum: number; cumPercent: number }[];
}

describe('heapwise profile top --format json', () => {
  it('has the documented shape and pprof`s values', async () => {
    const r = runCli(['profile', a, '--format', 'json', '--sample', 'alloc_space', '--top', '20', '--node-fraction', '0']);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout) as TopJson;
    expect(Object.keys(j)).toEqual(['sampleType', 'unit', 'total', 'rows']);
    expect(j.sampleType).toBe('alloc_space');
    expect(j.unit).toBe('bytes');
    expect(j.rows).toHaveLength(20);
    // Same figures as pprof -top -unit=B, row by row.
    const ref = topBody(await pprof(['-top', '-nodecount=20', '-nodefraction=0', '-sample_index=alloc_space', '-unit=B', a])).split('\n');
    expect(ref[0]).toContain(`of ${j.total}B total`);
    const refRows = ref.filter((l) => /%\s+\S+\s+\S+%\s{2}\S/.test(l));
    expect(refRows).toHaveLength(20);
    j.rows.forEach((row, i) => {
      const cols = refRows[i]!.trim().split(/\s+/);
      expect(cols[0]).toBe(row.flat === 0 ? '0' : `${row.flat}B`);
      expect(cols[3]).toBe(row.cum === 0 ? '0' : `${row.cum}B`);
      expect(cols[5]).toBe(row.function);
      expect(row.flatPercent).toBeCloseTo((row.flat / j.total) * 100, 9);
      expect(row.cumPercent).toBeCloseTo((row.cum / j.total) * 100, 9);
    });
    const sum = j.rows.reduce((s, r) => s + r.flat, 0);
    expect(j.rows.at(-1)!.sumPercent).toBeCloseTo((sum / j.total) * 100, 9);
    const buf = j.rows.find((r) => r.function === 'main.makeBuf')!;
    expect(buf.file).toMatch(/test\/fixtures\/profile\/allocs\/main\.go$/);
    expect(buf.line).toBeGreaterThan(0);
  });
});

describe('heapwise profile diff and merge', () => {
  it('diff --base equals go tool pprof -diff_base (negative values included)', async () => {
    for (const sample of ['alloc_space', 'inuse_objects']) {
      const want = topBody(await pprof(['-top', '-nodecount=30', `-sample_index=${sample}`, `-diff_base=${a}`, b]));
      expect(want).toMatch(/-\d/);
      const r = runCli(['profile', b, 'diff', '--base', a, '--top', '30', '--sample', sample]);
      expect(r.stderr).toBe('');
      expect(topBody(r.stdout)).toBe(want);
    }
    // JSON keeps the signs: a row that shrank has negative values and percentages.
    const j = JSON.parse(runCli(['profile', b, 'diff', '--base', a, '--format', 'json', '--sample', 'alloc_space']).stdout) as TopJson;
    const shrank = j.rows.find((r) => r.flat < 0)!;
    expect(shrank.flatPercent).toBeCloseTo((shrank.flat / j.total) * 100, 9);
    expect(shrank.flatPercent).toBeLessThan(0);
  });

  it('merge writes a profile pprof reads as it reads the inputs together', async () => {
    const out = path.join(tmp, 'merged.pb.gz');
    const r = runCli(['profile', a, 'merge', b, a, '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const sample of ['alloc_space', 'inuse_objects']) {
      const want = topBody(await pprof(['-top', '-nodefraction=0', '-nodecount=60', `-sample_index=${sample}`, a, b, a]));
      const got = topBody(await pprof(['-top', '-nodefraction=0', '-nodecount=60', `-sample_index=${sample}`, out]));
      expect(got).toBe(want);
      // And heapwise reads back what it wrote.
      expect(topBody(runCli(['profile', out, '--top', '60', '--node-fraction', '0', '--sample', sample]).stdout)).toBe(want);
    }
    const raw = await pprof(['-raw', out]);
    expect(raw).toMatch(/alloc_objects\/count alloc_space\/bytes(\[dflt\])? inuse_objects\/count inuse_space\/bytes/);
  });

  it('merge refuses profiles of different kinds and leaves no file behind', () => {
    const out = path.join(tmp, 'never.pb.gz');
    const cpu = path.join(tmp, 'cpu.pb.gz');
    writeFileSync(cpu, gzipSync(Buffer.from('')));
    expectOneLineError(runCli(['profile', a, 'merge', cpu, '-o', out]), /empty profile after decompression/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('heapwise profile <url>', () => {
  let server: http.Server;
  let base: string;
  const queries: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      queries.push(req.url ?? '');
      if (req.url?.startsWith('/debug/pprof/allocs')) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(readFileSync(a));
      } else if (req.url?.startsWith('/slow')) {
        // Never answers: the client's timeout must end the wait.
      } else {
        res.writeHead(404);
        res.end('404 page not found\n');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  async function cli(args: string[]) {
    const r = await runCommand(process.execPath, [cliPath, ...args], { timeoutMs: 60_000 });
    return { status: r.exitCode, stdout: r.stdout, stderr: r.stderr };
  }

  it('fetches a profile and passes ?seconds= through', async () => {
    const r = await cli(['profile', `${base}/debug/pprof/allocs?seconds=1`, '--top', '20']);
    expect(r.stderr).toBe('');
    expect(queries).toContain('/debug/pprof/allocs?seconds=1');
    expect(topBody(r.stdout)).toBe(topBody(await pprof(['-top', '-nodecount=20', a])));
  });

  it('names the URL and the status on HTTP errors', async () => {
    expectOneLineError(await cli(['profile', `${base}/debug/pprof/nothing`]), /\/debug\/pprof\/nothing: HTTP 404 Not Found: 404 page not found/);
  });

  it('gives up after --timeout', async () => {
    const t0 = Date.now();
    expectOneLineError(await cli(['profile', `${base}/slow`, '--timeout', '1']), /slow: no answer within 1 s/);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  it('says so when the service is down', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expectOneLineError(await cli(['profile', `http://127.0.0.1:${port}/debug/pprof/heap`]), /connection refused: is the service running/);
  });

  it('accepts only http and https', async () => {
    expectOneLineError(await cli(['profile', 'ftp://127.0.0.1/heap']), /only http and https URLs/);
  });
});

describe('heapwise profile: broken inputs', () => {
  const inputs: [string, Uint8Array | string, RegExp][] = [
    ['empty.pb.gz', new Uint8Array(0), /empty file/],
    ['truncated.pb.gz', '', /cannot decompress/],
    ['random.bin', Uint8Array.from({ length: 512 }, (_, i) => (i * 131 + 7) % 251), /not a valid profile/],
    ['not-a-profile.txt', 'package main\n\nfunc main() {}\n', /not a valid profile.*text/],
    ['garbage.gz', gzipSync(Uint8Array.from({ length: 300 }, (_, i) => (i * 97 + 13) % 256)), /not a valid profile/],
    ['truncated-raw.pb', '', /not a valid profile: .* at byte \d+/],
    ['bad-heap.txt', 'heap profile: 1: 2 [3: 4] @ heap/1024\n1: 2 [3: 4] @ 0x1\nnonsense\n', /bad-heap\.txt: .*line 3: malformed heap sample/],
  ];
  beforeAll(async () => {
    const { gunzipSync } = await import('node:zlib');
    const real = readFileSync(a);
    inputs[1]![1] = real.subarray(0, Math.floor(real.length / 2));
    const raw = gunzipSync(real);
    inputs[5]![1] = raw.subarray(0, Math.floor(raw.length * 0.7));
    for (const [name, data] of inputs) writeFileSync(path.join(tmp, name), typeof data === 'string' && data === '' ? Buffer.alloc(0) : data);
  });
  for (const [name, , want] of inputs) {
    it(name, () => {
      const r = runCli(['profile', path.join(tmp, name)]);
      expectOneLineError(r, want);
      expect(r.stderr).toContain(name);
    });
  }
  it('a path that does not exist', () => {
    expectOneLineError(runCli(['profile', path.join(tmp, 'nope.pb.gz')]), /nope\.pb\.gz: no such file/);
  });
  it('usage mistakes', () => {
    expectOneLineError(runCli(['profile', a, 'flame']), /unknown view "flame"/);
    expectOneLineError(runCli(['profile', a, '--sample', 'bogus']), /--sample "bogus" must be one of: alloc_objects, alloc_space, inuse_objects, inuse_space/);
    expectOneLineError(runCli(['profile', a, '--focus', '(']), /--focus: invalid regular expression/);
    expectOneLineError(runCli(['profile', a, 'diff']), /diff needs --base/);
    expectOneLineError(runCli(['profile', a, 'merge', b]), /merge writes a profile: give the output file with -o/);
  });
});
