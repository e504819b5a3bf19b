// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers. Paths are relative to the
// module root and tied to %SRCROOT%, so the file can be uploaded from a checkout anywhere.
import { createHash } from 'node:crypto';
import type * as Sarif from 'sarif';
import type { Finding, Severity } from '../core/finding.js';
import type { Report } from '../core/report.js';

export interface SarifRule {
  id: string;
  title: string;
  doc: string;
  url: string;
  severity: Severity;
}

export interface SarifOptions {
  rules: SarifRule[];
  /**
   * Source text of a file (path relative to the module root), when it can be read. SARIF counts
   * columns in UTF-16 code units and heapwise in bytes, as Go does: with the text the columns
   * are converted, without it they are left out (lines are still exact).
   */
  source?: (file: string) => string | undefined;
  informationUri?: string;
}

const level: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

export function renderSarif(report: Report, options: SarifOptions): string {
  const rules = options.rules;
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const lines = new LineCache(options.source);
  const seen = new Map<string, number>();
  const results = report.findings.map((f) => result(f, ruleIndex.get(f.analyzer), lines, seen));
  const sarif: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'heapwise',
            version: report.version,
            semanticVersion: report.version,
            ...(options.informationUri ? { informationUri: options.informationUri } : {}),
            rules: rules.map((r) => ({
              id: r.id,
              name: camel(r.id),
              shortDescription: { text: r.title },
              fullDescription: { text: r.doc.split('\n\n')[0]!.replace(/\n/g, ' ') },
              help: { text: r.doc, markdown: r.doc },
              helpUri: r.url,
              defaultConfiguration: { level: level[r.severity] },
              properties: { tags: ['memory', 'performance'] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: `the root of module ${report.module}` } } },
        results,
        properties: { module: report.module, goVersion: report.goVersion, arch: report.arch },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function result(f: Finding, ruleIndex: number | undefined, lines: LineCache, seen: Map<string, number>): Sarif.Result {
  const region: Sarif.Region = { startLine: f.line, endLine: f.endLine };
  const start = lines.utf16Column(f.file, f.line, f.column);
  const end = lines.utf16Column(f.file, f.endLine, f.endColumn);
  if (start !== undefined && end !== undefined) {
    region.startColumn = start;
    region.endColumn = end;
  }
  // A fingerprint that survives edits elsewhere in the file: the rule, the file and the text of
  // the line (not its number), plus a counter for identical lines.
  const base = `${f.analyzer}\0${f.file}\0${lines.text(f.file, f.line)?.trim() ?? f.message}`;
  const n = seen.get(base) ?? 0;
  seen.set(base, n + 1);
  const fingerprint = createHash('sha256').update(`${base}\0${n}`).digest('hex').slice(0, 32);
  return {
    ruleId: f.analyzer,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: level[f.severity],
    message: { text: f.noFixReason ? `${f.message}. No automatic fix: ${f.noFixReason}.` : f.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: f.file, uriBaseId: '%SRCROOT%' }, region } }],
    partialFingerprints: { 'heapwise/v1': fingerprint },
    ...(f.fix
      ? {
          fixes: [
            {
              description: { text: f.fix.message },
              artifactChanges: groupByFile(f.fix.edits).map(([file, edits]) => ({
                artifactLocation: { uri: file, uriBaseId: '%SRCROOT%' },
                replacements: edits.map((e) => ({
                  deletedRegion: { byteOffset: e.start, byteLength: e.end - e.start },
                  insertedContent: { text: e.newText },
                })),
              })),
            },
          ],
        }
      : {}),
    ...(f.data ? { properties: f.data } : {}),
  };
}

function groupByFile<T extends { file: string }>(edits: T[]): [string, T[]][] {
  const m = new Map<string, T[]>();
  for (const e of edits) m.set(e.file, [...(m.get(e.file) ?? []), e]);
  return [...m];
}

function camel(id: string): string {
  return id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase());
}

class LineCache {
  private readonly files = new Map<string, string[] | undefined>();

  constructor(private readonly source?: (file: string) => string | undefined) {}

  text(file: string, line: number): string | undefined {
    let lines = this.files.get(file);
    if (!this.files.has(file)) {
      lines = this.source?.(file)?.split('\n');
      this.files.set(file, lines);
    }
    return lines?.[line - 1];
  }

  /** 1-based UTF-16 column of a 1-based byte column. */
  utf16Column(file: string, line: number, byteColumn: number): number | undefined {
    const text = this.text(file, line);
    if (text === undefined) return undefined;
    const bytes = Buffer.from(text, 'utf8');
    if (byteColumn - 1 > bytes.length) return undefined;
    return bytes.subarray(0, byteColumn - 1).toString('utf8').length + 1;
  }
}
