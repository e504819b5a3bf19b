// JSON: the Report as it is, minus the absolute root (paths are relative to the module). With
// --html it also carries archStructs, the other GOARCHes' layouts the HTML's arch selector
// shows: test/oracle/arch-structs.oracle.test.ts reads them from here to check them against
// the compiler.
import type { Report } from '../core/report.js';

export function renderJson(report: Report): string {
  const { root: _root, ...rest } = report;
  void _root;
  return `${JSON.stringify(rest, null, 2)}\n`;
}
