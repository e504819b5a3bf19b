// Overview: what was analysed, counts by analyzer and severity, and the findings that cost most.
import { costOf, type ReportData } from './data.js';
import { bytes, h } from './dom.js';

export function overview(data: ReportData, open: (findingIndex: number) => void): HTMLElement {
  const bySeverity = count(data.findings.map((f) => f.severity));
  const byAnalyzer = count(data.findings.map((f) => f.analyzer));
  const saved = data.findings.reduce((n, f) => n + (((f.data as { savedBytes?: number })?.savedBytes) ?? 0), 0);
  const ranked = data.findings
    .map((f, i) => ({ f, i, cost: costOf(f) }))
    .sort((a, b) => b.cost - a.cost)
    .slice(0, 10);
  return h(
    'section',
    { class: 'view', id: 'view-overview' },
    h(
      'div',
      { class: 'cards' },
      card('findings', String(data.findings.length), ['error', 'warning', 'info'].map((s) => `${bySeverity.get(s) ?? 0} ${s}`).join(' · ')),
      card('structs laid out', String(data.stats.structs), `${data.stats.unknownStructs} of unknown size`),
      card('saved per instance', bytes(saved), 'summed over padded structs, if every fix is applied'),
      card('packages', String(data.stats.packages), `${data.stats.files} files`),
      data.profile ? card('measured', data.profile.unit === 'bytes' ? bytes(Math.round(data.profile.total)) : String(data.profile.total), `${data.profile.sampleType} in the profile; findings ranked by it`) : null,
      data.benchmarks ? card('benchmark regressions', String(data.benchmarks.length), 'significant B/op or allocs/op increases') : null,
    ),
    h('h2', {}, 'By analyzer'),
    h(
      'table',
      { class: 'counts' },
      h('tbody', {}, ...[...byAnalyzer].map(([id, n]) => h('tr', {}, h('td', {}, id), h('td', { class: 'num' }, n), h('td', { class: 'dim' }, data.rules.find((r) => r.id === id)?.title ?? '')))),
    ),
    h('h2', {}, 'The ten findings that cost most'),
    h('p', { class: 'dim' }, data.profile ? 'Ranked by the bytes the profile measured at their lines.' : 'Ranked by heap bytes saved per object (allocator size classes), then bytes per instance, then GC scan bytes; analyze --profile ranks them by measured allocation.'),
    h(
      'ol',
      { class: 'top' },
      ...ranked.map(({ f, i }) => {
        const a = h('a', { href: `#source/${encodeURIComponent(f.file)}:${f.line}` }, `${f.file}:${f.line}`);
        a.addEventListener('click', (e) => {
          e.preventDefault();
          open(i);
        });
        return h('li', {}, a, ' ', h('span', { class: `sev ${f.severity}` }, f.severity), ' ', f.message);
      }),
    ),
  );
}

function card(title: string, value: string, note: string): HTMLElement {
  return h('div', { class: 'card' }, h('div', { class: 'card-value' }, value), h('div', { class: 'card-title' }, title), h('div', { class: 'dim' }, note));
}

function count(xs: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}
