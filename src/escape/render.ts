// Text and JSON for `heapwise escapes`: pure functions of an EscapeReport.
import pc from 'picocolors';
import type { EscapeReport } from './collect.js';
import type { Escape } from './explain.js';

export interface RenderOptions {
  color: boolean;
  /** The source line of a decision, for the marker; undefined when unreadable. */
  lineText(e: Escape): string | undefined;
}

export function renderEscapesText(report: EscapeReport, options: RenderOptions): string {
  const c = options.color ? pc : pc.createColors(false);
  const out: string[] = [];
  for (const e of report.escapes) {
    const where = [e.function ? `in ${e.function}` : '', e.inLoop ? 'in a loop' : ''].filter(Boolean).join(', ');
    const what = e.heap === 'moved' ? `moved to heap: ${e.expr}` : `${e.expr} escapes to heap`;
    out.push(`${c.bold(`${e.file}:${e.line}:${e.column}`)}: ${what}${where ? ` (${where})` : ''}`);
    out.push(`    ${c.yellow('why:')} ${e.summary}`);
    const src = options.lineText(e);
    if (src !== undefined && e.column > 0) {
      const prefix = `${e.line} | `;
      const bytes = Buffer.from(src, 'utf8');
      const from = e.exprColumn ?? e.column;
      const before = bytes.subarray(0, from - 1).toString('utf8').replace(/[^\t]/g, ' ');
      const width = e.endColumn ? Math.max(1, bytes.subarray(from - 1, e.endColumn - 1).toString('utf8').length) : 1;
      out.push(`    ${c.dim(prefix)}${src}`);
      out.push(`    ${' '.repeat(prefix.length)}${before}${c.red('^'.repeat(width))}`);
    }
    e.steps.forEach((s, i) => out.push(`    ${i + 1}. ${s.file}:${s.line}:${s.column}: ${s.message}`));
    out.push(`    ${c.green('fix:')} ${e.fix}`);
    out.push('');
  }
  const heap = report.escapes.length;
  const loops = report.escapes.filter((e) => e.inLoop).length;
  out.push(`${heap} heap allocation${heap === 1 ? '' : 's'} (${loops} in loops); ${report.stats.packages} package${report.stats.packages === 1 ? '' : 's'}, ${report.stats.cached} from cache; ${report.goVersion}`);
  return `${out.join('\n')}\n`;
}

export function renderEscapesJson(report: EscapeReport, all: boolean): string {
  const { version, goVersion, goarch, escapes, inlining, stats } = report;
  const body: Record<string, unknown> = { version, goVersion, goarch, escapes, inlining };
  if (all) Object.assign(body, { leaks: report.leaks, noEscape: report.noEscape, other: report.other });
  body.stats = stats;
  return `${JSON.stringify(body, null, 2)}\n`;
}
