// The benchmarks view: significant regressions of bytes and allocations per op
// (analyze --bench-base --bench), and which findings sit in the code each one runs.
import type { ReportData } from './data.js';
import { h } from './dom.js';

export function benchmarksView(data: ReportData): HTMLElement {
  const rows = data.benchmarks ?? [];
  if (rows.length === 0) {
    return h('section', { class: 'view', id: 'view-benchmarks' }, h('p', { class: 'dim' }, data.benchmarks ? 'No statistically significant regression of B/op or allocs/op between the two runs.' : 'No benchmark comparison in this report: run heapwise analyze --bench-base old.txt --bench new.txt.'));
  }
  const blamed = (name: string, unit: string) => data.findings.filter((f) => ((f.data?.benchmarks as { name: string; unit: string }[] | undefined) ?? []).some((b) => b.name === name && b.unit === unit));
  return h(
    'section',
    { class: 'view', id: 'view-benchmarks' },
    h(
      'table',
      { class: 'top-table' },
      h('thead', {}, h('tr', {}, ...['benchmark', 'unit', 'old', 'new', 'change', 'p', 'findings in the code it runs'].map((c) => h('th', {}, c)))),
      h(
        'tbody',
        {},
        ...rows.map((b) => {
          const fs = blamed(b.name, b.unit);
          return h(
            'tr',
            { class: 'regressed' },
            h('td', {}, b.name),
            h('td', {}, b.unit),
            h('td', { class: 'num' }, b.old.toPrecision(4)),
            h('td', { class: 'num' }, b.new.toPrecision(4)),
            h('td', { class: 'num bad' }, `${b.deltaPercent >= 0 ? '+' : ''}${b.deltaPercent.toFixed(2)}%`),
            h('td', { class: 'num' }, b.pValue === null ? '' : b.pValue.toFixed(3)),
            h('td', {}, !b.traced ? 'heapwise cannot tell what it runs' : fs.length === 0 ? 'none' : fs.map((f) => `${f.file}:${f.line} ${f.analyzer}`).join(', ')),
          );
        }),
      ),
    ),
  );
}
