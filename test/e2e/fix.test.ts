// heapwise fix on real modules: the diff it prints, the files it writes (checked against
// .golden files), the fixes it refuses because they overlap, and the files it puts back when
// the Go toolchain says the change does not build.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sameVerdict, verdict } from '../../src/fix/verify.js';
import { repoRoot, runCli } from '../support/cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'heapwise-fix-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function copy(fixture: string): string {
  const dir = path.join(tmp, `${path.basename(fixture)}-${Math.random().toString(36).slice(2, 8)}`);
  cpSync(path.join(repoRoot, fixture), dir, { recursive: true });
  return dir;
}

function goFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) if (f.endsWith('.go')) out.set(f, readFileSync(path.join(dir, f), 'utf8'));
  return out;
}

describe('heapwise fix', () => {
  it('applies the catalog fixtures\' fixes as their .golden files say, gofmt-clean and vet-clean', () => {
    const dir = copy('test/fixtures/catalog');
    const before = goFiles(dir);
    const r = runCli(['fix', '-C', dir, '--disable', 'struct-padding']);
    expect(r.status, r.stderr).toBe(0);
    const after = goFiles(dir);
    const changed = [...after.keys()].filter((f) => after.get(f) !== before.get(f)).sort();
    const goldens = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.go.golden')).map((f) => f.replace(/\.golden$/, '')).sort();
    expect(changed).toEqual(goldens);
    for (const f of goldens) expect(after.get(f), f).toBe(readFileSync(path.join(dir, `${f}.golden`), 'utf8'));
    // The printed diff names every changed file, as `git diff` would.
    for (const f of changed) expect(r.stdout).toContain(`--- a/${f}\n+++ b/${f}\n@@ `);
    expect(r.stderr).toMatch(/^heapwise: applied \d+ fixes to 4 files$/m);
    expect(execFileSync('gofmt', ['-l', '.'], { cwd: dir, encoding: 'utf8' })).toBe('');
    execFileSync('go', ['vet', './...'], { cwd: dir });
  });

  it('prints the diff and writes nothing with --dry-run', () => {
    const dir = copy('test/fixtures/fix');
    const before = goFiles(dir);
    const r = runCli(['fix', '-C', dir, '--dry-run']);
    expect(r.status, r.stderr).toBe(0);
    expect(goFiles(dir)).toEqual(before);
    expect(r.stdout).toContain('+	"strconv"');
    expect(r.stdout).toContain('--- a/layout.go');
    expect(r.stderr).toMatch(/would apply 3 fixes to 2 files \(dry run: nothing written, nothing built\)/);
  });

  it('refuses overlapping fixes until the next run, and rolls back a file that no longer builds', () => {
    const dir = copy('test/fixtures/fix');
    const layout = readFileSync(path.join(dir, 'layout.go'), 'utf8');
    const first = runCli(['fix', '-C', dir]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/^heapwise: applied 2 fixes to 1 file$/m);
    expect(first.stderr).toMatch(/^heapwise: a\.go:\d+: string-concat-loop fix left for another run: its edit at byte \d+ of a\.go overlaps another fix$/m);
    expect(first.stderr).toMatch(/^heapwise: layout\.go: rolled back, with the fix it does not build: .*layout\.go:\d+:\d+: .*overflows uintptr$/m);
    // Only what was kept is in the diff, and the file that broke the build is as it was.
    expect(first.stdout).not.toContain('layout.go');
    expect(readFileSync(path.join(dir, 'layout.go'), 'utf8')).toBe(layout);

    const second = runCli(['fix', '-C', dir]);
    expect(second.stderr).toMatch(/^heapwise: applied 1 fix to 1 file$/m);
    expect(readFileSync(path.join(dir, 'a.go'), 'utf8')).toBe(readFileSync(path.join(dir, 'a.go.golden'), 'utf8'));
    const third = runCli(['fix', '-C', dir]);
    expect(third.stderr).toMatch(/^heapwise: applied 0 fixes to 0 files$/m);
    expect(third.stdout).toBe('');
  });

  it('drops an import that the fixes left unused, and only such an import', () => {
    const dir = path.join(tmp, 'orphan');
    mkdirSync(dir, { recursive: true });
    cpSync(path.join(repoRoot, 'test/fixtures/fix/go.mod'), path.join(dir, 'go.mod'));
    // fmt's only use is the Sprintf the strconv fix replaces: its import goes. os is used
    // elsewhere and stays; nothing else in the file changes.
    writeFileSync(
      path.join(dir, 'a.go'),
      'package fx\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nvar Out = os.Stdout\n\nfunc Labels(ids []int) []string {\n\tout := make([]string, 0, len(ids))\n\tfor _, id := range ids {\n\t\tout = append(out, fmt.Sprintf("%d", id))\n\t}\n\treturn out\n}\n',
    );
    const r = runCli(['fix', '-C', dir]);
    expect(r.stderr).toBe('heapwise: applied 1 fix to 1 file\n');
    expect(readFileSync(path.join(dir, 'a.go'), 'utf8')).toBe(
      'package fx\n\nimport (\n\t"os"\n\t"strconv"\n)\n\nvar Out = os.Stdout\n\nfunc Labels(ids []int) []string {\n\tout := make([]string, 0, len(ids))\n\tfor _, id := range ids {\n\t\tout = append(out, strconv.Itoa(id))\n\t}\n\treturn out\n}\n',
    );
    execFileSync('go', ['vet', './...'], { cwd: dir });
  });

  it('reads go vet\'s verdict by file and message, not position', async () => {
    const dir = copy('test/fixtures/fix');
    const clean = await verdict(dir, ['./...']);
    expect(clean).toEqual({ vet: [] });
    writeFileSync(path.join(dir, 'vet.go'), 'package fx\n\nimport "fmt"\n\nfunc Bad(n int) string { return fmt.Sprintf("%s", n) }\n');
    const flagged = await verdict(dir, ['./...']);
    expect(flagged.vet).toEqual([expect.stringMatching(/^(\.\/)?vet\.go: fmt\.Sprintf format %s has arg n of wrong type int$/)]);
    expect(sameVerdict(clean, flagged)).toBe(false);
    // The same finding two lines further down is the same verdict.
    writeFileSync(path.join(dir, 'vet.go'), 'package fx\n\nimport "fmt"\n\n\n\nfunc Bad(n int) string { return fmt.Sprintf("%s", n) }\n');
    expect(sameVerdict(flagged, await verdict(dir, ['./...']))).toBe(true);
    writeFileSync(path.join(dir, 'vet.go'), 'package fx\n\nfunc Broken() int { return "x" }\n');
    expect((await verdict(dir, ['./...'])).buildError).toMatch(/vet\.go:3:\d+: cannot use "x"/);
  });
});
