// SARIF output: rules from the analyzers' docs, results with regions and fingerprints, fixes
// as byte replacements that produce the same files as heapwise's own fixes.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as Sarif from 'sarif';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';

const fixture = path.join(repoRoot, 'test/fixtures/padding');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'heapwise-sarif-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function sarifOf(dir: string): Sarif.Log {
  const r = runCli(['analyze', '-C', dir, '--format', 'sarif']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Sarif.Log;
}

describe('--format sarif', () => {
  const log = sarifOf(fixture);
  const run = log.runs[0]!;
  const json = JSON.parse(runCli(['analyze', '-C', fixture, '--format', 'json']).stdout) as { findings: { file: string; line: number }[] };

  it('is SARIF 2.1.0 with heapwise and its rules', () => {
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver.name).toBe('heapwise');
    const rule = run.tool.driver.rules!.find((r) => r.id === 'struct-padding')!;
    expect(rule.helpUri).toMatch(/^https:\/\/.*\/docs\/analyzers\/struct-padding\.md$/);
    expect(rule.help!.text).toMatch(/pointer bytes/i);
  });

  it('has one result per finding, at the same place, relative to %SRCROOT%', () => {
    expect(run.results).toHaveLength(json.findings.length);
    run.results!.forEach((r, i) => {
      const loc = r.locations![0]!.physicalLocation!;
      expect(loc.artifactLocation).toEqual({ uri: json.findings[i]!.file, uriBaseId: '%SRCROOT%' });
      expect(loc.region!.startLine).toBe(json.findings[i]!.line);
      expect(loc.region!.startColumn).toBeGreaterThan(0);
    });
    const prints = run.results!.map((r) => r.partialFingerprints!['heapwise/v1']);
    expect(new Set(prints).size).toBe(prints.length);
  });

  it('gives fixes as byte replacements, and none where the fix is withheld', () => {
    const point = run.results!.find((r) => r.message.text!.startsWith('Point '))!;
    expect(point.fixes).toBeUndefined();
    expect(point.message.text).toMatch(/No automatic fix: Point is built with an unkeyed composite literal/);
    const bad = run.results!.find((r) => r.message.text!.startsWith('Bad '))!;
    const change = bad.fixes![0]!.artifactChanges[0]!;
    const file = readFileSync(path.join(fixture, change.artifactLocation.uri!));
    const rep = change.replacements[0]!;
    const start = rep.deletedRegion.byteOffset!;
    const replaced = Buffer.concat([file.subarray(0, start), Buffer.from(rep.insertedContent!.text!), file.subarray(start + rep.deletedRegion.byteLength!)]);
    expect(replaced.toString()).toMatch(/type Bad struct \{ \/\/ want [^\n]*\n\tb int64\n\ta bool\n\tc bool\n\}/);
  });

  it('counts columns in UTF-16 code units and keeps fingerprints when lines move', () => {
    const dir = path.join(tmp, 'unicode');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'go.mod'), 'module example.com/unicode\n\ngo 1.26\n');
    const body = 'type Größe struct {\n\ta bool\n\tb int64\n\tc bool\n}\n';
    writeFileSync(path.join(dir, 'u.go'), `package unicode\n\n${body}`);
    const first = sarifOf(dir).runs[0]!.results![0]!;
    // "type Größe " is 11 UTF-16 units but 13 bytes: the struct keyword is at 12, not 14.
    expect(first.locations![0]!.physicalLocation!.region!.startColumn).toBe(12);
    writeFileSync(path.join(dir, 'u.go'), `package unicode\n\n// Größe moved down a line.\n${body}`);
    const moved = sarifOf(dir).runs[0]!.results![0]!;
    expect(moved.locations![0]!.physicalLocation!.region!.startLine).toBe(4);
    expect(moved.partialFingerprints).toEqual(first.partialFingerprints);
  });
});
