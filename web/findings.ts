// The findings list: filter by analyzer, severity, package and text, sort by cost or place.
// Rows are rendered only while visible, so 10,000 findings open as fast as ten.
import { costOf, type ReportData } from './data.js';
import { h } from './dom.js';
import type { Finding } from '../src/core/finding.js';

const rowHeight = 28;

export function findingsView(data: ReportData, open: (findingIndex: number) => void): HTMLElement {
  const packages = [...new Set(data.findings.map((f) => dirOf(f.file)))].sort();
  const analyzerSel = select('analyzer', ['all', ...new Set(data.findings.map((f) => f.analyzer))]);
  const severitySel = select('severity', ['all', 'error', 'warning', 'info']);
  const packageSel = select('package', ['all', ...packages]);
  const sortSel = select('sort', ['cost', 'file']);
  const text = h('input', { type: 'search', placeholder: 'filter text (/)', 'aria-label': 'filter text', id: 'finding-filter' });
  const countEl = h('span', { class: 'dim' });
  const viewport = h('div', { class: 'list', tabindex: 0, role: 'listbox', 'aria-label': 'findings' });
  const spacer = h('div', { class: 'spacer' });
  viewport.appendChild(spacer);
  let shown: { f: Finding; i: number }[] = [];
  let selected = 0;

  const apply = () => {
    const q = text.value.toLowerCase();
    shown = data.findings
      .map((f, i) => ({ f, i }))
      .filter(({ f }) => (analyzerSel.value === 'all' || f.analyzer === analyzerSel.value) && (severitySel.value === 'all' || f.severity === severitySel.value) && (packageSel.value === 'all' || dirOf(f.file) === packageSel.value) && (q === '' || `${f.file}:${f.line} ${f.message}`.toLowerCase().includes(q)));
    if (sortSel.value === 'cost') shown.sort((a, b) => costOf(b.f) - costOf(a.f) || a.i - b.i);
    countEl.textContent = `${shown.length} of ${data.findings.length}`;
    spacer.style.height = `${shown.length * rowHeight}px`;
    selected = Math.min(selected, Math.max(0, shown.length - 1));
    render();
  };
  const render = () => {
    for (const row of [...viewport.querySelectorAll('.row')]) row.remove();
    const first = Math.max(0, Math.floor(viewport.scrollTop / rowHeight) - 5);
    const last = Math.min(shown.length, first + Math.ceil((viewport.clientHeight || 600) / rowHeight) + 10);
    for (let k = first; k < last; k++) {
      const { f, i } = shown[k]!;
      const row = h('div', { class: `row${k === selected ? ' selected' : ''}`, role: 'option', 'aria-selected': k === selected }, h('span', { class: `sev ${f.severity}` }, f.severity), h('span', { class: 'loc' }, `${f.file}:${f.line}`), h('span', { class: 'msg' }, f.message));
      row.style.top = `${k * rowHeight}px`;
      row.addEventListener('click', () => open(i));
      viewport.appendChild(row);
    }
  };
  viewport.addEventListener('scroll', render);
  viewport.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'j') selected = Math.min(shown.length - 1, selected + 1);
    else if (e.key === 'ArrowUp' || e.key === 'k') selected = Math.max(0, selected - 1);
    else if (e.key === 'Enter' && shown[selected]) return open(shown[selected]!.i);
    else return;
    e.preventDefault();
    const top = selected * rowHeight;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (top + rowHeight > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + rowHeight - viewport.clientHeight;
    render();
  });
  for (const el of [analyzerSel, severitySel, packageSel, sortSel]) el.addEventListener('change', apply);
  text.addEventListener('input', apply);
  const view = h('section', { class: 'view', id: 'view-findings' }, h('div', { class: 'filters' }, analyzerSel, severitySel, packageSel, sortSel, text, countEl), viewport);
  queueMicrotask(apply);
  (view as HTMLElement & { refresh?: () => void }).refresh = render;
  return view;
}

function select(name: string, options: string[]): HTMLSelectElement {
  const s = h('select', { 'aria-label': name, name });
  for (const o of options) s.appendChild(h('option', { value: o }, o === 'all' ? `${name}: all` : o));
  return s;
}

function dirOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '.' : file.slice(0, i);
}
