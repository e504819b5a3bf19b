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
  }
  if (lines.length > 0) lines.push('');
  lines.push(summary(report, c));
  return `${lines.join('\n')}\n`;
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
