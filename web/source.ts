// The source view: a file with its findings marked in the gutter and under the line; a click on
// a marker shows the finding, what it costs and the fix.
import type { ReportData } from './data.js';
import { clear, h } from './dom.js';

export interface SourceView {
  el: HTMLElement;
  show(file: string, line: number): void;
}

export function sourceView(data: ReportData): SourceView {
  const files = Object.keys(data.sources).sort();
  const picker = h('select', { 'aria-label': 'file' }, ...files.map((f) => h('option', { value: f }, f)));
  const code = h('div', { class: 'code', tabindex: 0 });
  const el = h('section', { class: 'view', id: 'view-source' }, h('div', { class: 'filters' }, picker), code);
  let current = '';

  const show = (file: string, line: number) => {
    if (file !== current) {
      current = file;
      picker.value = file;
      renderFile(file);
    }
    const target = code.querySelector(`[data-line="${line}"]`);
    for (const old of code.querySelectorAll('.focus')) old.classList.remove('focus');
    if (target) {
      target.classList.add('focus');
      target.scrollIntoView({ block: 'center' });
    }
  };

  const renderFile = (file: string) => {
    clear(code);
    const text = data.sources[file];
    if (text === undefined) {
      code.appendChild(h('p', { class: 'dim' }, 'The source of this file is not in the report.'));
      return;
    }
    const byLine = new Map<number, typeof data.findings>();
    for (const f of data.findings) if (f.file === file) byLine.set(f.line, [...(byLine.get(f.line) ?? []), f]);
    const frag = document.createDocumentFragment();
    text.split('\n').forEach((lineText, i) => {
      const n = i + 1;
      const here = byLine.get(n);
      const mark = here ? h('button', { class: `mark ${here[0]!.severity}`, title: here.map((f) => f.message).join('\n'), 'aria-label': `finding on line ${n}` }, '●') : h('span', { class: 'mark' });
      const row = h('div', { class: `line${here ? ' flagged' : ''}`, 'data-line': n }, h('span', { class: 'ln' }, n), mark, h('span', { class: 'text' }, lineText));
      frag.appendChild(row);
      if (here) {
        const notes = h('div', { class: 'notes', hidden: true }, ...here.map((f) => note(f)));
        mark.addEventListener('click', () => (notes.hidden = !notes.hidden));
        frag.appendChild(notes);
      }
    });
    code.appendChild(frag);
  };

  picker.addEventListener('change', () => show(picker.value, 1));
  return { el, show };
}

interface EscapeData {
  steps?: { file: string; line: number; column: number; message: string }[];
  explanation?: string;
  fix?: string;
}

/** A finding under its line: the message, the compiler's chain for escapes, the fix. */
function note(f: ReportData['findings'][number]): HTMLElement {
  const d = (f.data ?? {}) as EscapeData;
  return h(
    'div',
    { class: 'note' },
    h('span', { class: `sev ${f.severity}` }, f.analyzer),
    ' ',
    f.message,
    d.steps && d.steps.length > 0 ? h('ol', { class: 'steps' }, ...d.steps.map((s) => h('li', {}, h('code', {}, `${s.file}:${s.line}:${s.column}`), ' ', s.message))) : null,
    d.explanation ? h('div', { class: 'dim' }, d.explanation) : null,
    typeof d.fix === 'string' ? h('div', { class: 'fix' }, `Usual fix: ${d.fix}`) : null,
    f.fix ? h('div', { class: 'fix' }, `Fix: ${f.fix.message}`, h('pre', {}, f.fix.edits.map((e) => e.newText).join('\n'))) : null,
    f.noFixReason ? h('div', { class: 'fix' }, `No automatic fix: ${f.noFixReason}`) : null,
  );
}
