// Profile-guided findings on a real profile (the allocs fixture program, MemProfileRate = 1),
// with the figures checked against go tool pprof -top and -list on the same file.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.js';
import type { Report } from '../core/report.js';
import { attachProfile, type Measured } from './attribute.js';
import { parseProfile } from './load.js';
import type { Profile } from './model.js';

const exec = promisify(execFile);
const go = process.env.HEAPWISE_GO || 'go';
const root = path.resolve(import.meta.dirname, '../../test/fixtures/profile/allocs');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'heapwise-attribute-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let file: string;
let profile: Profile;
beforeAll(async () => {
  const bin = path.join(tmp, 'allocs');
  await exec(go, ['build', '-o', bin, '.'], { cwd: root, env: { ...process.env, GOFLAGS: '-buildvcs=false', GOWORK: 'off' } });
  file = path.join(tmp, 'allocs.pb.gz');
  await exec(bin, [file, '12000', '5']);
  profile = parseProfile(readFileSync(file), file);
});

async function pprof(args: string[]): Promise<string> {
  return (await exec(go, ['tool', 'pprof', ...args], { maxBuffer: 1 << 26 })).stdout;
}

function finding(line: number, endLine: number, message: string): Finding {
  return { analyzer: 'test-analyzer', severity: 'warning', message, file: 'main.go', line, column: 1, endLine, endColumn: 1 };
}

function report(findings: Finding[]): Report {
  return { version: '0', tool: 'heapwise', goVersion: 'go1.26', module: 'example.com/allocs', root, arch: 'amd64', findings, structs: [], stats: {} as Report['stats'] };
}

/** pprof -list figures per line of main.go, raw units. */
async function listFigures(regex: string, sample: string): Promise<Map<number, [number, number]>> {
  const text = await pprof([`-list=${regex}`, `-sample_index=${sample}`, '-unit=B', file]);
  const out = new Map<number, [number, number]>();
  for (const l of text.split('\n')) {
    const m = /^\s*(\.|\d+B?)\s+(\.|\d+B?)\s+(\d+):/.exec(l);
    if (m) out.set(Number(m[3]), [m[1] === '.' ? 0 : parseInt(m[1]!, 10), m[2] === '.' ? 0 : parseInt(m[2]!, 10)]);
  }
  return out;
}

describe('attachProfile', () => {
  it('measures each finding`s lines as pprof does, and ranks findings by it', async () => {
    const r = attachProfile(report([finding(28, 28, 'makeBuf'), finding(41, 52, 'alloc'), finding(3, 3, 'nothing here')]), profile);
    const byMessage = new Map(r.findings.map((f) => [f.message, f]));
    const m = (msg: string) => (byMessage.get(msg)!.data!.profile as Record<string, Measured>);
    const list = await listFigures('main\\.makeBuf$', 'alloc_space');
    expect(m('makeBuf').alloc_space).toEqual({ flat: list.get(28)![0], cum: list.get(28)![1] });
    const objects = await listFigures('main\\.makeBuf$', 'alloc_objects');
    expect(m('makeBuf').alloc_objects.flat).toBe(objects.get(28)![0]);
    // A range covering the whole function measures the function: pprof's top cum for it.
    const top = await pprof(['-top', '-nodefraction=0', '-sample_index=alloc_space', '-unit=B', file]);
    const allocCum = Number(/\s(\d+)B?\s+\S+%\s{2}main\.alloc$/m.exec(top)![1]);
    expect(m('alloc').alloc_space.cum).toBe(allocCum);
    expect(m('nothing here').alloc_space).toEqual({ flat: 0, cum: 0 });
    expect(r.findings.slice(0, 3).map((f) => f.message)).toEqual(['alloc', 'makeBuf', 'nothing here']);
  });

  it('reports hot allocation lines no finding covers, with their call stacks', async () => {
    const r = attachProfile(report([finding(28, 28, 'makeBuf')]), profile);
    const hot = r.findings.filter((f) => f.analyzer === 'hot-alloc');
    expect(hot.length).toBeGreaterThan(0);
    expect(hot.some((f) => f.line === 28)).toBe(false); // explained by the finding
    const small = hot.find((f) => f.line === 31)!;
    expect(small.file).toBe('main.go');
    const list = await listFigures('main\\.small$', 'alloc_space');
    expect((small.data!.profile as Record<string, Measured>).alloc_space.flat).toBe(list.get(31)![0]);
    const stacks = small.data!.stacks as { value: number; stack: string[] }[];
    expect(stacks[0]!.stack.slice(0, 2)).toEqual(['main.small', 'main.alloc']);
    // Largest first.
    const values = hot.map((f) => (f.data!.profile as Record<string, Measured>).alloc_space.flat);
    expect(values).toEqual([...values].sort((a, b) => b - a));
  });
});
