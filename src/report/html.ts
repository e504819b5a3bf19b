// The HTML report: one self-contained file (script, styles and data inline; nothing fetched),
// safe to open whatever the analysed code contains. The page is the bundled web/ front-end
// (dist/web, built by scripts/build-web.mjs); the data travels as JSON in a non-executed
// script element, escaped so that no string can close it, and the Content-Security-Policy
// allows exactly the two inline blocks by hash and no network at all.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Report } from '../core/report.js';
import { packArchLayouts } from './arch-layouts.js';

export interface HtmlRule {
  id: string;
  title: string;
  doc: string;
  severity: string;
}

export interface HtmlOptions {
  rules: HtmlRule[];
  /** Source text of a file (relative to the module root), for the source view. */
  source: (file: string) => string | undefined;
  /** When the report was made (ISO time); passed in so rendering stays a pure function. */
  generated: string;
}

const assets = new URL('../web/', import.meta.url);

export function renderHtml(report: Report, options: HtmlOptions): string {
  const script = readFileSync(new URL('report.js', assets), 'utf8');
  const style = readFileSync(new URL('report.css', assets), 'utf8');
  const sources: Record<string, string> = {};
  for (const f of report.findings) {
    if (sources[f.file] !== undefined) continue;
    const text = options.source(f.file);
    if (text !== undefined) sources[f.file] = text;
  }
  const data = {
    version: report.version,
    goVersion: report.goVersion,
    module: report.module,
    arch: report.arch,
    generated: options.generated,
    findings: report.findings,
    structs: report.structs,
    stats: report.stats,
    profile: report.profile,
    gc: report.gc,
    benchmarks: report.benchmarks,
    benchComparison: report.benchComparison,
    archLayouts: report.archStructs ? packArchLayouts(report.structs, report.archStructs) : undefined,
    rules: options.rules.map(({ id, title, doc, severity }) => ({ id, title, doc, severity })),
    sources,
  };
  const csp = [
    "default-src 'none'",
    `script-src '${sha256(script)}'`,
    `style-src '${sha256(style)}'`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>heapwise · ${escapeText(report.module)}</title>
<style>${style}</style>
</head>
<body>
<script type="application/json" id="heapwise-data">${jsonForScript(data)}</script>
<script>${script}</script>
</body>
</html>
`;
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/**
 * JSON that cannot end the script element it sits in or open a comment there: every `<`, `>`
 * and `&` is written as a \u escape (JSON.parse reads them back), and so are U+2028/2029.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function escapeText(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
