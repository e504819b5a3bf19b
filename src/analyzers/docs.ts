// An analyzer's documentation page (docs/analyzers/<id>.md), made from its doc so the text is
// written once: the same words serve `heapwise explain`, SARIF rule help and this page.
import type { Analyzer } from './analyzer.js';

export function analyzerPage(a: Analyzer): string {
  return `# ${a.id}\n\n_${a.title}_ (default severity: ${a.severity})\n\n${a.doc}\n\nSee \`heapwise explain ${a.id}\`.\n`;
}
