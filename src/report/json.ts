// JSON: the Report as it is, minus the absolute root (paths are relative to the module).
import type { Report } from '../core/report.js';

export function renderJson(report: Report): string {
  const { root: _root, ...rest } = report;
  void _root;
  return `${JSON.stringify(rest, null, 2)}\n`;
}
