// JSON: the Report as it is, minus the absolute root (paths are relative to the module) and
// the other GOARCHes' layouts that --html adds for its arch selector: the JSON is the same
// with or without --html.
import type { Report } from '../core/report.js';

export function renderJson(report: Report): string {
  const { root: _root, archStructs: _archStructs, ...rest } = report;
  void _root;
  void _archStructs;
  return `${JSON.stringify(rest, null, 2)}\n`;
}
