// Text for a terminal: one line per finding in the style of go vet (file:line:col: message),
// what to do about it, and a summary line.
import pc from 'picocolors';
import type { Finding, Severity } from '../core/finding.js';
import type { Report } from '../core/report.js';

export interface TextOptions {
  color: boolean;
}

export function renderText(report: Report, options: TextOptions): string {
  const c = pc.createColors(options.color);
  const paint: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, info: c.cyan };
  const lines: string[] = [];
  for (const f of report.findings) {
    lines.push(`${c.bold(`${f.file}:${f.line}:${f.column}`)}: ${paint[f.severity](f.severity)} ${c.dim(`[${f.analyzer}]`)} ${f.message}`);
    const hint = fixHint(f);
    if (hint) lines.push(`    ${c.dim(hint)}`);
    const measured = profileNote(f);
    if (measured) lines.push(`    ${c.magenta(measured)}`);
    for (const b of (f.data?.benchmarks as BenchNote[] | undefined) ?? []) {
      lines.push(`    ${c.magenta(`regressed: ${b.name} ${b.unit} ${signed(b.deltaPercent)}${b.pValue !== null ? ` (p=${b.pValue.toFixed(3)})` : ''} runs this code`)}`);
    }
  }
  if (report.benchmarks && report.benchmarks.length > 0) {
    lines.push('', c.bold('Benchmark regressions (bytes and allocations per op, statistically significant):'));
    for (const b of report.benchmarks) {
      const blamed = report.findings.filter((f) => ((f.data?.benchmarks as BenchNote[] | undefined) ?? []).some((x) => x.name === b.name && x.unit === b.unit)).length;
      const where = !b.traced
        ? 'heapwise cannot tell what it exercises (its function was not found in the module)'
        : `reaches ${b.reaches} function${b.reaches === 1 ? '' : 's'} of the module by direct calls; ${blamed} finding${blamed === 1 ? '' : 's'} there`;
      lines.push(`  ${b.name} ${b.unit} ${signed(b.deltaPercent)}: ${where}`);
    }
  }
  for (const n of report.notes ?? []) lines.push(c.yellow(`note: ${n}`));
  if (lines.length > 0) lines.push('');
  lines.push(summary(report, c));
  return `${lines.join('\n')}\n`;
}

interface BenchNote {
  name: string;
  unit: string;
  deltaPercent: number;
  pValue: number | null;
}

type Measured = Record<string, { flat: number; cum: number }>;

/** What a profile measured at the finding's lines (analyze --profile). */
function profileNote(f: Finding): string | undefined {
  const m = f.data?.profile as Measured | undefined;
  if (!m) return undefined;
  const bytes = m.alloc_space ?? m.space ?? m.inuse_space;
  const objects = m.alloc_objects ?? m.objects ?? m.inuse_objects;
  if (!bytes || bytes.cum === 0) return 'measured: no allocation at these lines in the profile';
  return `measured: ${formatBytes(bytes.cum)} allocated here or below${objects ? ` (${Math.round(objects.cum).toLocaleString('en-US')} objects)` : ''}`;
}

function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

function signed(pct: number): string {
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(2)}%`;
}

function fixHint(f: Finding): string | undefined {
  if (f.fix) return `fix available: ${f.fix.message}`;
  if (f.noFixReason) return `no automatic fix: ${f.noFixReason}`;
  return undefined;
}

function summary(report: Report, c: ReturnType<typeof pc.createColors>): string {
  const count = (s: Severity) => report.findings.filter((f) => f.severity === s).length;
  const parts = [`${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}`];
  const bySeverity = (['error', 'warning', 'info'] as const).filter((s) => count(s) > 0).map((s) => `${count(s)} ${s}`);
  if (bySeverity.length > 0) parts[0] += ` (${bySeverity.join(', ')})`;
  const st = report.stats;
  parts.push(`${st.packages} package${st.packages === 1 ? '' : 's'}`);
  parts.push(`${st.structs} struct${st.structs === 1 ? '' : 's'} laid out${st.unknownStructs ? ` (${st.unknownStructs} of unknown size)` : ''}`);
  parts.push(`${report.goVersion} ${report.arch}`);
  parts.push(`${(st.elapsedMs / 1000).toFixed(2)} s`);
  return c.bold(parts.join(' · '));
}
