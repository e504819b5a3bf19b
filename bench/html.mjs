// The HTML report on a module with 10,000 findings: how long chromium takes to open it and
// show the findings list. Target: under 2 s.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const repo = path.resolve(import.meta.dirname, '..');
const chromiumPath = process.env.HEAPWISE_CHROMIUM ?? '/usr/bin/chromium';
const dir = mkdtempSync(path.join(os.tmpdir(), 'heapwise-html-bench-'));
try {
  writeFileSync(path.join(dir, 'go.mod'), 'module example.com/many\n\ngo 1.26\n');
  for (let p = 0; p < 20; p++) {
    const pkg = path.join(dir, `p${p}`);
    mkdirSync(pkg);
    for (let f = 0; f < 10; f++) {
      const structs = Array.from({ length: 50 }, (_, i) => `type T${f}_${i} struct {\n\ta bool\n\tb int64\n\tc bool\n}\n`);
      writeFileSync(path.join(pkg, `f${f}.go`), `package p${p}\n\n${structs.join('\n')}`);
    }
  }
  const out = path.join(dir, 'report.html');
  execFileSync(process.execPath, [path.join(repo, 'dist/cli/main.js'), 'analyze', '-C', dir, '--format', 'html', '-o', out], { stdio: 'inherit' });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const times = [];
  for (let i = 0; i < 3; i++) {
    const page = await browser.newPage();
    const start = Date.now();
    await page.goto(`file://${out}#findings`);
    await page.waitForSelector('.row');
    times.push(Date.now() - start);
    const count = await page.evaluate(() => document.querySelector('.filters .dim')?.textContent);
    if (i === 0) console.log(`findings shown: ${count}`);
    await page.close();
  }
  await browser.close();
  times.sort((a, b) => a - b);
  const median = times[1];
  console.log(`HTML report, 10,000 findings, ${(statSync(out).size / 1e6).toFixed(1)} MB: opened with the findings list in ${median} ms (median of 3; target < 2000 ms: ${median < 2000 ? 'MET' : 'MISSED'})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
