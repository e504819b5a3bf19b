// The HTML report in a real browser: one file that fetches nothing, renders every view, and
// shows hostile strings from the analysed code as text, never as markup or script.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWorkload } from '../../src/gc/testing.js';
import { jsonForScript } from '../../src/report/html.js';
import { haveChromium, launch } from '../support/browser.js';
import { repoRoot, runCli } from '../support/cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'heapwise-html-'));
/** Screenshots to look at (not compared): test/artifacts/. */
const artifacts = path.join(repoRoot, 'test/artifacts');
mkdirSync(artifacts, { recursive: true });
const payload = `</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`;

/** A Go module whose comments, string literals, struct tags and file names carry HTML/JS. */
function hostileModule(): string {
  const dir = path.join(tmp, 'hostile');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'go.mod'), 'module example.com/hostile\n\ngo 1.26\n');
  const src = [
    `// Package hostile: ${payload}`,
    'package hostile',
    '',
    `const banner = "${payload.replace(/"/g, '\\"')}"`,
    '',
    `// T ${payload} <!-- -->`,
    'type T struct {',
    `\ta bool \`json:"${payload.replace(/`/g, '')}"\``,
    '\tb int64 // ]]> \u2028 & &amp;',
    '\tc bool',
    '}',
    '',
  ].join('\n');
  writeFileSync(path.join(dir, `<img src=x onerror="window.__pwned=3">.go`), src);
  return dir;
}

function report(dir: string, name: string): string {
  const out = path.join(tmp, `${name}.html`);
  const r = runCli(['analyze', '-C', dir, '--format', 'html', '-o', out]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return out;
}

describe('jsonForScript', () => {
  it('cannot close the script element or open a comment, and parses back', () => {
    const value = { s: `</script><!--<script>\u2028&` };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe.skipIf(!haveChromium)('the HTML report in chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  async function open(file: string, hash = 'overview'): Promise<{ page: Page; requests: string[]; problems: string[] }> {
    const page = await browser.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(`file://${file}#${hash}`);
    await page.waitForFunction(() => document.body.dataset.ready);
    return { page, requests, problems };
  }

  it('is one file that fetches nothing, with a CSP that forbids the network', async () => {
    const file = report(path.join(repoRoot, 'examples/shopsvc'), 'shopsvc');
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+'/);
    expect(html).not.toMatch(/<(?:link|img|iframe)\b|src="http/);
    const { page, requests, problems } = await open(file);
    for (const view of ['findings', 'structs', 'source']) {
      await page.evaluate((v) => (location.hash = v), view);
      await page.waitForFunction((v) => document.body.dataset.ready === v, view);
    }
    expect(problems).toEqual([]);
    expect(requests.every((u) => u.startsWith('file://'))).toBe(true);
    expect(new Set(requests).size).toBe(1);
    await page.close();
  });

  it('shows hostile strings from the code as text and runs none of them', async () => {
    const file = report(hostileModule(), 'hostile');
    const { page, problems } = await open(file, 'findings');
    await page.waitForSelector('.row');
    await page.click('.row');
    await page.waitForFunction(() => document.body.dataset.ready === 'source');
    const code = await page.textContent('.code');
    expect(code).toContain(payload);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('.code img, .code script').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('works from the keyboard', async () => {
    const file = report(path.join(repoRoot, 'test/fixtures/padding'), 'padding');
    const { page } = await open(file);
    await page.keyboard.press('2');
    await page.waitForFunction(() => document.body.dataset.ready === 'findings');
    await page.focus('.list');
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.body.dataset.ready === 'source');
    expect(await page.locator('.line.focus').count()).toBe(1);
    await page.keyboard.press('3');
    await page.waitForFunction(() => document.body.dataset.ready === 'structs');
    expect(await page.locator('.layout').count()).toBe(2);
    await page.close();
  });

  it('draws the profile as a flame graph that zooms, beside pprof\'s top', async () => {
    const fixture = path.join(repoRoot, 'test/fixtures/benchjoin');
    const profile = path.join(tmp, 'mem.pb.gz');
    const rec = runCli(['profile', 'record', './render', '--bench', '.', '--memprofilerate', '1', '--benchtime', '2000x', '-C', fixture, '-o', profile]);
    expect(rec.status, rec.stderr).toBe(0);
    const file = path.join(tmp, 'profiled.html');
    expect(runCli(['analyze', '-C', fixture, '--profile', profile, '--format', 'html', '-o', file]).status).toBe(0);
    const { page, problems } = await open(file, 'profile');
    await page.waitForSelector('.frame');
    expect(await page.locator('.frame').count()).toBeGreaterThan(3);
    expect(await page.locator('.top-table tbody tr').count()).toBeGreaterThan(0);
    await page.locator('.frame', { hasText: 'BenchmarkJoin' }).first().click();
    expect(await page.locator('.crumb').count()).toBe(2);
    await page.focus('.flame');
    await page.keyboard.press('Escape');
    expect(await page.locator('.crumb').count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('colours the flame graph by the change from a base profile', async () => {
    const fixture = path.join(repoRoot, 'test/fixtures/benchjoin');
    // The same benchmark run twice as many times allocates twice as much in the same frames.
    const record = (out: string, times: string) => {
      const rec = runCli(['profile', 'record', './render', '--bench', '.', '--memprofilerate', '1', '--benchtime', times, '-C', fixture, '-o', out]);
      expect(rec.status, rec.stderr).toBe(0);
    };
    const base = path.join(tmp, 'base.pb.gz');
    const more = path.join(tmp, 'more.pb.gz');
    record(base, '1000x');
    record(more, '4000x');
    const file = path.join(tmp, 'profile-diff.html');
    expect(runCli(['analyze', '-C', fixture, '--profile', more, '--profile-base', base, '--format', 'html', '-o', file]).status).toBe(0);
    const { page, problems } = await open(file, 'profile');
    await page.waitForSelector('.frame');
    expect(await page.textContent('.flame-legend')).toContain('Compared with base.pb.gz');
    const grew = page.locator('.frame[data-change="grew"]', { hasText: 'BenchmarkJoin' });
    expect(await grew.count()).toBeGreaterThan(0);
    expect(await grew.first().getAttribute('title')).toMatch(/\n\+[\d.]+ (B|KiB|MiB) against the base/);
    expect(await page.textContent('#view-profile h2')).toBe('Top changes against base.pb.gz');
    await page.screenshot({ path: path.join(artifacts, 'profile-diff.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('charts a real GC trace with the GOGC what-if table', async () => {
    const { stderr } = await runWorkload({ gogc: '100', args: ['-duration', '500ms'] });
    const trace = path.join(tmp, 'gctrace.txt');
    writeFileSync(trace, stderr);
    const cycles = stderr.split('\n').filter((l) => /^gc \d+ @/.test(l)).length;
    const file = path.join(tmp, 'gc.html');
    const r = runCli(['analyze', '-C', path.join(repoRoot, 'test/fixtures/padding'), '--gc-trace', trace, '--format', 'html', '-o', file]);
    expect(r.status, r.stderr).toBe(0);
    const { page, problems } = await open(file, 'gc');
    await page.waitForSelector('#view-gc svg.chart');
    expect(await page.locator('#view-gc svg.chart').count()).toBe(2);
    expect(await page.textContent('#view-gc')).toContain(`${cycles} GC cycles`);
    // The heap saw-tooth has three points per cycle; the what-if grid has a row per setting.
    const points = await page.locator('#view-gc polyline.s0').getAttribute('points');
    expect(points!.trim().split(' ').length).toBe(3 * cycles);
    expect(await page.locator('.whatif tbody tr').count()).toBe(6);
    expect(await page.locator('.whatif tr.current').textContent()).toContain('100 (as traced)');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('rejects a GC trace that is not one, writing no report', () => {
    const bad = path.join(tmp, 'not-a-trace.txt');
    writeFileSync(bad, 'hello\n');
    const out = path.join(tmp, 'never.html');
    const r = runCli(['analyze', '-C', path.join(repoRoot, 'test/fixtures/padding'), '--gc-trace', bad, '--format', 'html', '-o', out]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('not-a-trace.txt');
    expect(existsSync(out)).toBe(false);
  });

  it('rejects a GC trace the model cannot fit (too few cycles) in one line, writing no report', () => {
    // Two real-format cycles: a trace, but too short for the what-if model (this was a stack trace).
    const short = path.join(tmp, 'two-cycles.txt');
    writeFileSync(
      short,
      [
        'gc 1 @0.001s 3%: 0.030+1.1+0.033 ms clock, 0.060+0.12/0.036/1.0+0.066 ms cpu, 3->4->3 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P',
        'gc 2 @0.005s 4%: 0.019+1.2+0.031 ms clock, 0.039+0.049/0.29/0.88+0.063 ms cpu, 6->6->6 MB, 7 MB goal, 0 MB stacks, 0 MB globals, 2 P',
      ].join('\n') + '\n',
    );
    const out = path.join(tmp, 'never2.html');
    const r = runCli(['analyze', '-C', path.join(repoRoot, 'test/fixtures/padding'), '--gc-trace', short, '--format', 'html', '-o', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^heapwise: .*two-cycles\.txt: the model needs at least 3 GC cycles after start-up; the trace has 2\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it('switches the struct layouts between arches from the keyboard', async () => {
    const file = report(path.join(repoRoot, 'examples/shopsvc'), 'shopsvc-arches');
    for (const scheme of ['light', 'dark'] as const) {
      const page = await browser.newPage({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(String(e)));
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      await page.goto(`file://${file}#structs`);
      await page.waitForFunction(() => document.body.dataset.ready === 'structs');
      await page.waitForSelector('.struct-detail h2');
      const radios = page.locator('.arch-picker input[type=radio]');
      expect(await radios.evaluateAll((rs) => rs.map((r) => (r as HTMLInputElement).value))).toEqual(['amd64', 'arm64', '386', 'arm']);
      expect(await page.isChecked('#arch-amd64')).toBe(true);
      const name = await page.textContent('.struct-detail h2');
      const sizes = async () => (await page.locator('.struct-detail p.dim').first().textContent())!;
      const on64 = await sizes();
      expect(on64).toContain('· amd64 ·');
      // Radios: arrow keys move the choice. amd64 -> arm64 -> 386.
      await page.focus('#arch-amd64');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      expect(await page.isChecked('#arch-386')).toBe(true);
      // The same struct stays selected, laid out for 386: smaller words, other figures.
      expect(await page.textContent('.struct-detail h2')).toBe(name);
      const on386 = await sizes();
      expect(on386).toContain('· 386 ·');
      expect(on386).not.toBe(on64.replace('amd64', '386'));
      expect(await page.locator('.layout').count()).toBe(2);
      expect(await page.locator('.arch-table tbody tr').count()).toBe(4);
      expect(await page.locator('.arch-table tr.current th').textContent()).toContain('386');
      await page.screenshot({ path: path.join(artifacts, `structs-386-${scheme}.png`), fullPage: true });
      await page.keyboard.press('ArrowRight');
      expect(await page.isChecked('#arch-arm')).toBe(true);
      expect(await sizes()).toBe(on386.replace('386', 'arm'));
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  it('shows the whole benchmark comparison, grouped by unit, significant changes marked', async () => {
    const fixtures = path.join(repoRoot, 'test/fixtures/bench');
    const file = path.join(tmp, 'bench.html');
    const r = runCli(['analyze', '-C', path.join(repoRoot, 'test/fixtures/benchjoin'), '--bench-base', path.join(fixtures, 'shapes-old.txt'), '--bench', path.join(fixtures, 'shapes-new.txt'), '--format', 'html', '-o', file]);
    expect(r.status, r.stderr).toBe(0);
    for (const scheme of ['light', 'dark'] as const) {
      const page = await browser.newPage({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(String(e)));
      await page.goto(`file://${file}#benchmarks`);
      await page.waitForFunction(() => document.body.dataset.ready === 'benchmarks');
      const captions = await page.locator('.bench-table caption .unit').allTextContents();
      expect(captions).toEqual(['sec/op', 'B/op', 'allocs/op', 'hits/op', 'B/s', 'frames-sec/op', 'sec/op', 'B/op', 'allocs/op']);
      const row = (unit: number, name: string) => page.locator('.bench-table').nth(unit).locator('tbody tr', { hasText: name });
      // Cells as benchstat prints them; the marker says better or worse in words too.
      expect(await row(0, 'Ties-4').locator('td').allTextContents()).toEqual(['100.5n ± 0%', '102.0n ± 1%', '+1.49%', '▲ worse', 'p=0.022 n=8']);
      expect(await row(0, 'Ties-4').getAttribute('class')).toBe('sig worse');
      expect(await row(0, 'Identical-4').locator('td.delta').textContent()).toBe('~');
      expect(await row(0, 'Identical-4').getAttribute('class')).toBeNull();
      // Bytes per second: higher is better.
      expect(await row(4, 'Custom-4').locator('td.verdict').textContent()).toBe('▲ better');
      expect(await page.locator('.bench-table').first().locator('tfoot').textContent()).toContain('+29.88%');
      const all = await page.locator('.bench-table tbody tr').count();
      await page.screenshot({ path: path.join(artifacts, `benchmarks-${scheme}.png`), fullPage: true });
      await page.check('#bench-significant');
      const significant = await page.locator('.bench-table tbody tr').count();
      expect(significant).toBeGreaterThan(0);
      expect(significant).toBeLessThan(all);
      expect(await page.locator('.bench-table tbody tr:not(.sig)').count()).toBe(0);
      await page.selectOption('select[aria-label="sort benchmarks"]', 'worse');
      expect(await page.locator('.bench-table').first().locator('tbody tr').first().textContent()).toContain('Ties-4');
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  it('follows the light and dark colour schemes', async () => {
    const file = report(path.join(repoRoot, 'test/fixtures/padding'), 'padding-theme');
    const bg = async (scheme: 'light' | 'dark') => {
      const page = await browser.newPage({ colorScheme: scheme });
      await page.goto(`file://${file}`);
      const c = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await page.close();
      return c;
    };
    expect(await bg('light')).not.toBe(await bg('dark'));
  });
});
