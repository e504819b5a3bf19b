// The benchmarks view (analyze --bench-base --bench): benchstat's comparison, one table per unit
// (and configuration), cells exactly as benchstat prints them, significant changes marked
// better or worse in colour and in words; then the regressions of bytes and allocations per op
// with the findings in the code each one runs. Nothing here computes statistics.
import type { BenchRow, BenchTable } from '../src/core/report.js';
import type { ReportData } from './data.js';
import { append, clear, h } from './dom.js';

type Verdict = 'better' | 'worse' | 'changed' | 'same';

/** What a significant change means for the unit: the direction comes with the data. */
function verdict(t: BenchTable, r: BenchRow): Verdict {
  if (!r.significant || r.deltaPercent === null || r.deltaPercent === 0) return 'same';
  if (t.better === 0) return 'changed';
  return Math.sign(r.deltaPercent) === t.better ? 'better' : 'worse';
}

/** The marker beside the colour: the arrow says which way the value went, the word what that means. */
function marker(v: Verdict, r: BenchRow): string {
  if (v === 'same') return '';
  return `${r.deltaPercent! > 0 ? '▲' : '▼'} ${v}`;
}

export function benchmarksView(data: ReportData): HTMLElement {
  const section = h('section', { class: 'view', id: 'view-benchmarks' });
  if (!data.benchComparison && !data.benchmarks) {
    append(section, h('p', { class: 'dim' }, 'No benchmark comparison in this report: run heapwise analyze --bench-base old.txt --bench new.txt.'));
    return section;
  }
  if (data.benchComparison) append(section, comparison(data));
  append(section, regressions(data));
  return section;
}

function comparison(data: ReportData): HTMLElement {
  const c = data.benchComparison!;
  const counts = { better: 0, worse: 0, changed: 0, same: 0 };
  for (const t of c.tables) for (const r of t.rows) counts[verdict(t, r)]++;
  const total = c.tables.reduce((n, t) => n + t.rows.length, 0);
  const filter = h('input', { type: 'search', placeholder: 'benchmark', 'aria-label': 'filter benchmarks' });
  const onlySignificant = h('input', { type: 'checkbox', id: 'bench-significant' });
  const sort = h(
    'select',
    { 'aria-label': 'sort benchmarks' },
    h('option', { value: 'benchstat' }, 'benchstat order'),
    h('option', { value: 'change' }, 'largest change first'),
    h('option', { value: 'worse' }, 'worst first'),
    h('option', { value: 'name' }, 'name'),
  );
  const tables = h('div', { class: 'bench-tables' });
  const render = () => {
    clear(tables);
    const q = filter.value.toLowerCase();
    let shown = 0;
    // As benchstat does, a configuration (goos, pkg, cpu...) is printed where it changes.
    let config = '';
    for (const t of c.tables) {
      const rows = t.rows.filter((r) => r.name.toLowerCase().includes(q) && (!onlySignificant.checked || r.significant));
      if (rows.length === 0) continue;
      shown += rows.length;
      const here = t.config.map(([k, v]) => `${k}: ${v}`).join(' · ');
      if (here !== config) tables.appendChild(h('h3', { class: 'bench-config' }, here || 'no configuration'));
      config = here;
      tables.appendChild(table(t, order(t, rows, sort.value), rows.length === t.rows.length));
    }
    if (shown === 0) tables.appendChild(h('p', { class: 'dim' }, 'No benchmark matches.'));
  };
  filter.addEventListener('input', render);
  onlySignificant.addEventListener('change', render);
  sort.addEventListener('change', render);
  render();
  return h(
    'div',
    { class: 'bench-comparison' },
    h('h2', {}, 'Comparison'),
    h(
      'p',
      { class: 'dim' },
      `old: ${c.old} · new: ${c.new} · ${total} benchmark × unit rows: ${counts.worse} worse, ${counts.better} better${counts.changed ? `, ${counts.changed} changed` : ''}, ${counts.same} without a significant change (~, p > 0.05) · medians ± 95% confidence interval, as benchstat prints them`,
    ),
    h('div', { class: 'filters' }, filter, h('label', {}, onlySignificant, ' only significant changes'), sort),
    tables,
  );
}

function order(t: BenchTable, rows: BenchRow[], by: string): BenchRow[] {
  const out = [...rows];
  const change = (r: BenchRow) => (r.significant && r.deltaPercent !== null ? Math.abs(r.deltaPercent) : -1);
  // Worse first: significant regressions by size, then the rest by how much better they got.
  const badness = (r: BenchRow) => (r.significant && r.deltaPercent !== null && t.better !== 0 ? -t.better * r.deltaPercent : Number.NEGATIVE_INFINITY);
  if (by === 'change') out.sort((a, b) => change(b) - change(a));
  else if (by === 'worse') out.sort((a, b) => badness(b) - badness(a));
  else if (by === 'name') out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out;
}

function table(t: BenchTable, rows: BenchRow[], complete: boolean): HTMLElement {
  const notes: string[] = [];
  const footnotes = (ws: string[]) =>
    ws.length === 0
      ? null
      : h(
          'sup',
          { class: 'dim' },
          ws
            .map((w) => {
              let i = notes.indexOf(w);
              if (i < 0) i = notes.push(w) - 1;
              return String(i + 1);
            })
            .join(','),
        );
  const body = rows.map((r) => {
    const v = verdict(t, r);
    return h(
      'tr',
      { class: v === 'same' ? undefined : `sig ${v}` },
      h('th', { scope: 'row' }, r.name),
      h('td', { class: 'num' }, r.old ?? '—'),
      h('td', { class: 'num' }, r.new ?? '—'),
      h('td', { class: `num delta ${v}` }, r.delta ?? ''),
      h('td', { class: `verdict ${v}` }, marker(v, r)),
      h('td', { class: 'dim' }, r.note ?? '', footnotes(r.warnings)),
    );
  });
  const geo = t.geomean && complete ? h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, 'geomean'), h('td', { class: 'num' }, t.geomean.old ?? ''), h('td', { class: 'num' }, t.geomean.new ?? ''), h('td', { class: 'num' }, t.geomean.delta ?? ''), h('td', {}), h('td', {}))) : null;
  return h(
    'div',
    { class: 'bench-table' },
    h(
      'table',
      { class: 'top-table' },
      h('caption', {}, h('span', { class: 'unit' }, t.unit)),
      h('thead', {}, h('tr', {}, ...[['benchmark', ''], ['old', 'num'], ['new', 'num'], ['vs base', 'num'], ['', ''], ['p, n', '']].map(([c, cls]) => h('th', { scope: 'col', class: cls || undefined }, c)))),
      h('tbody', {}, ...body),
      geo,
    ),
    notes.length > 0 ? h('ol', { class: 'footnotes dim' }, ...notes.map((n) => h('li', {}, n))) : null,
  );
}

function regressions(data: ReportData): HTMLElement {
  const rows = data.benchmarks ?? [];
  const title = h('h2', {}, 'Regressions of B/op and allocs/op, and the findings in the code they run');
  if (rows.length === 0) return h('div', {}, title, h('p', { class: 'dim' }, 'No statistically significant regression of B/op or allocs/op between the two runs.'));
  const blamed = (name: string, unit: string) => data.findings.filter((f) => ((f.data?.benchmarks as { name: string; unit: string }[] | undefined) ?? []).some((b) => b.name === name && b.unit === unit));
  return h(
    'div',
    {},
    title,
    h(
      'table',
      { class: 'top-table regressions' },
      h('thead', {}, h('tr', {}, ...['benchmark', 'unit', 'old', 'new', 'change', 'p', 'findings in the code it runs'].map((c) => h('th', { scope: 'col' }, c)))),
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
            h('td', { class: 'num bad' }, `▲ ${b.deltaPercent >= 0 ? '+' : ''}${b.deltaPercent.toFixed(2)}%`),
            h('td', { class: 'num' }, b.pValue === null ? '' : b.pValue.toFixed(3)),
            h('td', {}, !b.traced ? 'heapwise cannot tell what it runs' : fs.length === 0 ? 'none' : fs.map((f) => `${f.file}:${f.line} ${f.analyzer}`).join(', ')),
          );
        }),
      ),
    ),
  );
}
