// npm run accuracy: precision and recall of every catalog analyzer on a labelled corpus
// (test/accuracy): service-like Go code where each line that must report carries
// `//accuracy: <id> yes` and each look-alike that must not carries `//accuracy: <id> no`.
// A finding on any other line counts against precision too. Targets: precision >= 0.95,
// recall >= 0.90 per analyzer. Exits 1 when a labelled analyzer misses a target.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '..');
const corpus = path.join(process.argv[2] ?? path.join(repo, 'test/accuracy'));
const out = execFileSync(process.execPath, [path.join(repo, 'dist/cli/main.js'), 'analyze', '-C', corpus, '--disable', 'escape,struct-padding', '--format', 'json'], {
  encoding: 'utf8',
  maxBuffer: 1 << 28,
});
const findings = JSON.parse(out).findings;

const labels = []; // { id, file, line, yes }
for (const rel of readdirSync(corpus, { recursive: true, encoding: 'utf8' })) {
  if (!rel.endsWith('.go')) continue;
  const file = rel.split(path.sep).join('/');
  readFileSync(path.join(corpus, rel), 'utf8')
    .split('\n')
    .forEach((text, i) => {
      for (const m of text.matchAll(/\/\/accuracy:\s*([\w-]+)\s+(yes|no)\b/g)) labels.push({ id: m[1], file, line: i + 1, yes: m[2] === 'yes' });
    });
}

const ids = [...new Set(labels.map((l) => l.id))].sort();
const rows = [];
let fail = false;
let all = { tp: 0, fp: 0, fn: 0, tn: 0 };
for (const id of ids) {
  const mine = labels.filter((l) => l.id === id);
  const found = findings.filter((f) => f.analyzer === id);
  const at = (f, l) => f.file === l.file && f.line === l.line;
  const tp = mine.filter((l) => l.yes && found.some((f) => at(f, l))).length;
  const fn = mine.filter((l) => l.yes).length - tp;
  const fp = found.filter((f) => !mine.some((l) => l.yes && at(f, l))).length;
  const tn = mine.filter((l) => !l.yes && !found.some((f) => at(f, l))).length;
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const ok = precision >= 0.95 && recall >= 0.9;
  fail ||= !ok;
  all = { tp: all.tp + tp, fp: all.fp + fp, fn: all.fn + fn, tn: all.tn + tn };
  rows.push([id, mine.filter((l) => l.yes).length, mine.filter((l) => !l.yes).length, tp, fp, fn, precision.toFixed(3), recall.toFixed(3), ok ? 'met' : 'MISSED']);
  for (const f of found.filter((f) => !mine.some((l) => l.yes && at(f, l)))) console.log(`  false positive: ${f.file}:${f.line} [${id}] ${f.message.slice(0, 100)}`);
  for (const l of mine.filter((l) => l.yes && !found.some((f) => at(f, l)))) console.log(`  missed: ${l.file}:${l.line} [${id}]`);
}
const header = ['analyzer', 'true', 'false', 'TP', 'FP', 'FN', 'precision', 'recall', 'target'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ');
console.log(line(header));
for (const r of rows) console.log(line(r));
const p = all.tp / Math.max(1, all.tp + all.fp);
const r = all.tp / Math.max(1, all.tp + all.fn);
console.log(`overall: precision ${p.toFixed(3)}, recall ${r.toFixed(3)} over ${labels.length} labelled lines (${ids.length} analyzers)`);
process.exitCode = fail ? 1 : 0;
