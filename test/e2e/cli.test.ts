// The CLI as a user meets it: exit codes, one-line errors naming the place, output files
// written whole, the cache changing nothing but time.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot, runCli } from '../support/cli.js';

const fixture = path.join(repoRoot, 'test/fixtures/padding');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'heapwise-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function module(name: string, files: Record<string, string>): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'go.mod'), `module example.com/${name}\n\ngo 1.26\n`);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

function expectOneLineError(r: { status: number; stdout: string; stderr: string }, pattern: RegExp) {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^heapwise: /);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe('heapwise analyze: errors', () => {
  it('outside a module', () => {
    expectOneLineError(runCli(['analyze', '-C', tmp]), /not inside a Go module/);
  });

  it('a pattern that matches nothing', () => {
    expectOneLineError(runCli(['analyze', '-C', fixture, './nothing/...']), /nothing/);
  });

  it('Go that does not parse, with file:line:col', () => {
    const dir = module('broken', { 'b.go': 'package broken\n\nfunc f() int {\n\tx := := 1\n\treturn x\n}\n' });
    expectOneLineError(runCli(['analyze', '-C', dir]), /^heapwise: b\.go:4:7: syntax error/);
  });

  it('bad flags and unknown analyzers', () => {
    expectOneLineError(runCli(['analyze', '-C', fixture, '--arch', 'mips']), /unsupported --arch mips/);
    expectOneLineError(runCli(['analyze', '-C', fixture, '--only', 'nope']), /unknown analyzer "nope"/);
    expectOneLineError(runCli(['analyze', '-C', fixture, '--format', 'xml']), /argument 'xml' is invalid/);
    expectOneLineError(runCli(['analyze', '-C', fixture, '--fail-on', 'sometimes']), /--fail-on/);
    expectOneLineError(runCli(['frobnicate']), /unknown command/);
  });
});

describe('heapwise analyze: exit codes and output', () => {
  it('exits 0 by default and 1 with --fail-on when findings reach the severity', () => {
    expect(runCli(['analyze', '-C', fixture]).status).toBe(0);
    expect(runCli(['analyze', '-C', fixture, '--fail-on', 'warning']).status).toBe(1);
    const clean = module('clean', { 'c.go': 'package clean\n\ntype T struct {\n\tn int64\n\tok bool\n}\n' });
    expect(runCli(['analyze', '-C', clean, '--fail-on', 'info']).status).toBe(0);
  });

  it('writes -o files whole, and nothing when the run fails', () => {
    const out = path.join(tmp, 'report.json');
    expect(runCli(['analyze', '-C', fixture, '--format', 'json', '-o', out]).status).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report).toMatchObject({ tool: 'heapwise', module: 'example.com/padding', arch: expect.any(String) });
    expect(report.goVersion).toMatch(/^go1\.\d+/);
    const failed = path.join(tmp, 'failed.json');
    expect(runCli(['analyze', '-C', tmp, '--format', 'json', '-o', failed]).status).toBe(2);
    expect(existsSync(failed)).toBe(false);
  });

  it('lays types out for the --arch asked', () => {
    const r64 = JSON.parse(runCli(['analyze', '-C', fixture, './basic', '--format', 'json']).stdout);
    const r32 = JSON.parse(runCli(['analyze', '-C', fixture, './basic', '--format', 'json', '--arch', '386']).stdout);
    const size = (r: { structs: { name: string; size: number }[] }) => r.structs.find((s) => s.name === 'Documented')!.size;
    expect(r32.arch).toBe('386');
    expect([size(r64), size(r32)]).toEqual([40, 24]);
  });

  it('skips _test.go files unless --tests', () => {
    const dir = module('withtests', {
      'a.go': 'package withtests\n',
      'a_test.go': 'package withtests\n\ntype fixture struct {\n\ta bool\n\tb int64\n\tc bool\n}\n\nvar _ = fixture{}\n',
    });
    const count = (args: string[]) => JSON.parse(runCli(['analyze', '-C', dir, '--format', 'json', ...args]).stdout).findings.length;
    expect(count([])).toBe(0);
    expect(count(['--tests'])).toBe(1);
  });
});

describe('heapwise analyzers and explain', () => {
  it('list the analyzers and print their documentation', () => {
    expect(runCli(['analyzers']).stdout).toMatch(/^struct-padding\s+\S/m);
    const doc = runCli(['explain', 'struct-padding']);
    expect(doc.status).toBe(0);
    expect(doc.stdout).toMatch(/pointer bytes/i);
    expectOneLineError(runCli(['explain', 'nope']), /unknown analyzer/);
  });

  it('stop quietly when the reader closes the pipe early (heapwise analyzers | head)', () => {
    // `true` reads nothing and exits at once: every write of heapwise meets a closed pipe.
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${cliPath}" analyzers 2>"${tmp}/epipe.err" | true; echo "\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(readFileSync(path.join(tmp, 'epipe.err'), 'utf8')).toBe('');
    expect(r.stdout.trim()).toBe('0');
  });
});

describe('the caches', () => {
  it('changes nothing but time, and notices edits', () => {
    const cache = path.join(tmp, 'cache');
    const env = { ...process.env, HEAPWISE_CACHE: cache };
    const cli = path.join(repoRoot, 'dist/cli/main.js');
    const run = (dir: string, extra: Record<string, string> = {}) => {
      const out = execFileSync(process.execPath, [cli, 'analyze', '-C', dir, '--format', 'json'], { env: { ...env, ...extra }, encoding: 'utf8' });
      const { stats: _stats, ...rest } = JSON.parse(out);
      return rest;
    };
    const cold = run(fixture);
    expect(existsSync(cache)).toBe(true);
    expect(run(fixture)).toEqual(cold);
    expect(run(fixture, { HEAPWISE_CACHE: 'off' })).toEqual(cold);

    const dir = module('edited', { 'e.go': 'package edited\n\ntype T struct {\n\ta bool\n\tb int64\n}\n' });
    expect(run(dir).findings).toHaveLength(0);
    writeFileSync(path.join(dir, 'e.go'), 'package edited\n\ntype T struct {\n\ta bool\n\tb int64\n\tc bool\n}\n');
    expect(run(dir).findings).toHaveLength(1);
  });

  it('replays the analyzers\' findings only while everything they read is unchanged', () => {
    const cache = path.join(tmp, 'findings-cache');
    const run = (dir: string) => {
      const r = spawnSync(process.execPath, [cliPath, 'analyze', '-C', dir, '--disable', 'escape', '--format', 'json'], {
        env: { ...process.env, HEAPWISE_CACHE: cache, HEAPWISE_TRACE: '1' },
        encoding: 'utf8',
      });
      expect(r.status).toBe(0);
      const findings = (JSON.parse(r.stdout) as { findings: { analyzer: string; line: number; fix?: unknown }[] }).findings;
      return { hit: /findings cache hit/.test(r.stderr), findings: findings.map((f) => `${f.analyzer}:${f.line}:${f.fix ? 'fix' : 'nofix'}`) };
    };
    const concat = 'func f(xs []string) string {\n\ts := ""\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}\n';
    const padded = 'type T struct {\n\ta bool\n\tb int64\n\tc bool\n}\n';
    const dir = module('replayed', { 'a.go': `package replayed\n\n${padded}\n${concat}` });
    const cold = run(dir);
    expect(cold).toEqual({ hit: false, findings: ['struct-padding:3:fix', 'string-concat-loop:12:fix'] });
    expect(run(dir)).toEqual({ ...cold, hit: true });
    // A function body changes: the loop no longer concatenates.
    writeFileSync(path.join(dir, 'a.go'), `package replayed\n\n${padded}\n${concat.replace('s += x', 's = x')}`);
    expect(run(dir)).toEqual({ hit: false, findings: ['struct-padding:3:fix'] });
    // A test file (not analysed, but read for how T is used) writes an unkeyed T{...}:
    // reordering the fields would break it, so the fix goes.
    writeFileSync(path.join(dir, 'a_test.go'), 'package replayed\n\nvar _ = T{true, 1, false}\n');
    expect(run(dir)).toEqual({ hit: false, findings: ['struct-padding:3:nofix'] });
    expect(run(dir).hit).toBe(true);
    // heapwise.json changes which analyzers run.
    writeFileSync(path.join(dir, 'heapwise.json'), JSON.stringify({ analyzers: { 'struct-padding': { enabled: false } } }));
    expect(run(dir)).toEqual({ hit: false, findings: [] });
  });
});

describe('heapwise.json and //heapwise:ignore', () => {
  const padded = 'type T struct {\n\ta bool\n\tb int64\n\tc bool\n}\n';
  const loop = 'func f(xs []string) string {\n\ts := ""\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}\n';
  const findingsOf = (dir: string, args: string[] = []) => {
    // The compiler's escape findings are not what these tests are about.
    const scope = args.includes('--only') ? [] : ['--disable', 'escape'];
    const r = runCli(['analyze', '-C', dir, '--format', 'json', ...scope, ...args]);
    expect(r.stderr).toBe('');
    return (JSON.parse(r.stdout) as { findings: { analyzer: string; severity: string; file: string; line: number }[] }).findings;
  };

  it('turns analyzers off, changes severities and leaves out paths', () => {
    const dir = module('configured', {
      'a.go': `package configured\n\n${padded}\n${loop}`,
      'gen/g.go': `package gen\n\n${padded}`,
      'heapwise.json': JSON.stringify({ analyzers: { 'struct-padding': { severity: 'error' }, 'string-concat-loop': { enabled: false } }, exclude: ['gen/**'] }),
    });
    expect(findingsOf(dir).map((f) => `${f.file}:${f.analyzer}:${f.severity}`)).toEqual(['a.go:struct-padding:error']);
    expect(findingsOf(dir, ['--only', 'string-concat-loop']).map((f) => f.analyzer)).toEqual(['string-concat-loop']);
  });

  it('rejects a config it does not understand, naming the place', () => {
    const bad = module('badconfig', { 'a.go': 'package badconfig\n', 'heapwise.json': '{\n  "analyzers": {\n    "struct-paddin": {}\n  }\n}\n' });
    expectOneLineError(runCli(['analyze', '-C', bad]), /heapwise\.json:3:5: unknown analyzer "struct-paddin"/);
    const broken = module('brokenconfig', { 'a.go': 'package brokenconfig\n', 'heapwise.json': '{\n  "exclude": [,]\n}\n' });
    expectOneLineError(runCli(['analyze', '-C', broken]), /heapwise\.json:2:\d+: not valid JSON/);
  });

  it('suppresses a finding with a reason, and reports ignores without one or without effect', () => {
    const dir = module('ignored', {
      'a.go': `package ignored\n\n//heapwise:ignore struct-padding mirrors a wire format\n${padded}\n//heapwise:ignore huge-param nothing to see\nvar x = 1\n\n//heapwise:ignore string-concat-loop\n${loop}`,
    });
    expect(findingsOf(dir).map((f) => `${f.analyzer}:${f.line}`)).toEqual(['ignore:13', 'string-concat-loop:17']);
    expect(findingsOf(dir, ['--strict-ignores']).map((f) => `${f.analyzer}:${f.line}`)).toEqual(['ignore:10', 'ignore:13', 'string-concat-loop:17']);
  });
});
