// Struct layouts: each struct as a row of bytes, fields and padding (hatched), 64-byte cache
// lines marked, as declared and in the optimal order, side by side.
import type { StructInfo } from '../src/core/report.js';
import type { ReportData } from './data.js';
import { append, bytes, clear, h } from './dom.js';

const cacheLine = 64;

export function structsView(data: ReportData): HTMLElement {
  const list = data.structs
    .map((s, i) => ({ s, i, saved: s.size - s.optimalSize }))
    .filter(({ s }) => !s.unknown)
    .sort((a, b) => b.saved - a.saved || b.s.ptrBytes - b.s.optimalPtrBytes - (a.s.ptrBytes - a.s.optimalPtrBytes));
  const filter = h('input', { type: 'search', placeholder: 'struct or package', 'aria-label': 'filter structs' });
  const onlyPadded = h('input', { type: 'checkbox', checked: true, id: 'only-padded' });
  const names = h('ul', { class: 'struct-list', role: 'listbox', 'aria-label': 'structs' });
  const detail = h('div', { class: 'struct-detail' });
  const unknown = data.structs.filter((s) => s.unknown);

  const renderList = () => {
    clear(names);
    const q = filter.value.toLowerCase();
    const canShrink = (s: StructInfo) => !s.layoutFixed && (s.optimalSize < s.size || (s.optimalSize === s.size && s.optimalPtrBytes < s.ptrBytes));
    const shown = list.filter(({ s }) => (!onlyPadded.checked || canShrink(s)) && `${s.package}.${s.name} ${s.file}`.toLowerCase().includes(q)).slice(0, 500);
    for (const { s, saved } of shown) {
      const pkg = s.package.slice(s.package.lastIndexOf('/') + 1);
      const note = s.layoutFixed ? ' layout fixed' : saved > 0 ? ` −${saved} B` : s.optimalPtrBytes < s.ptrBytes ? ` −${s.ptrBytes - s.optimalPtrBytes} B scanned` : '';
      const li = h('li', { tabindex: 0, role: 'option', title: `${s.package}.${s.name}` }, h('span', {}, `${pkg}.${s.name}`), h('span', { class: 'dim' }, note));
      const pick = () => {
        for (const old of names.querySelectorAll('.selected')) old.classList.remove('selected');
        li.classList.add('selected');
        renderDetail(s);
      };
      li.addEventListener('click', pick);
      li.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') pick();
      });
      names.appendChild(li);
    }
    if (shown.length > 0) renderDetail(shown[0]!.s);
  };

  const renderDetail = (s: StructInfo) => {
    clear(detail);
    const optimal = layoutInOrder(s);
    append(
      detail,
      h('h2', {}, `${s.package}.${s.name}`),
      h('p', { class: 'dim' }, `${s.file}:${s.line} · ${data.arch} · size ${s.size} B → ${s.optimalSize} B (allocated ${s.sizeClass ?? s.size} B → ${s.optimalSizeClass ?? s.optimalSize} B) · pointer bytes ${s.ptrBytes} → ${s.optimalPtrBytes}`),
      s.layoutFixed ? h('p', {}, `Layout fixed on purpose (${s.layoutFixed}): heapwise does not suggest reordering it.`) : null,
      h('h3', {}, 'As declared'),
      drawLayout(s.fields, s.size, s.ptrBytes, s),
      h('h3', {}, 'Optimal order'),
      drawLayout(optimal, s.optimalSize, s.optimalPtrBytes, s),
      h('p', { class: 'legend dim' }, 'Hatched: padding. Dashed rules: 64-byte cache lines. The bar below: the pointer bytes, the prefix the GC scans. A field keeps its colour in both rows.'),
    );
  };

  filter.addEventListener('input', renderList);
  onlyPadded.addEventListener('change', renderList);
  queueMicrotask(renderList);
  return h(
    'section',
    { class: 'view', id: 'view-structs' },
    h('div', { class: 'filters' }, filter, h('label', {}, onlyPadded, ' only structs that can shrink'), h('span', { class: 'dim' }, `${unknown.length} of unknown size not shown`)),
    h('div', { class: 'split' }, names, detail),
  );
}

/** The fields placed in the optimal order with the same alignment rules (offsets recomputed). */
function layoutInOrder(s: StructInfo): StructInfo['fields'] {
  const byName = new Map(s.fields.map((f) => [f.name, f]));
  const used = new Set<StructInfo['fields'][number]>();
  let offset = 0;
  return s.optimalOrder.map((name) => {
    const f = [...s.fields].find((x) => x.name === name && !used.has(x)) ?? byName.get(name)!;
    used.add(f);
    offset = Math.ceil(offset / Math.max(1, f.align)) * Math.max(1, f.align);
    const placed = { ...f, offset };
    offset += f.size;
    return placed;
  });
}

function drawLayout(fields: StructInfo['fields'], size: number, ptrBytes: number, s: StructInfo): HTMLElement {
  const scale = Math.max(2, Math.min(16, 900 / Math.max(1, size)));
  const bar = h('div', { class: 'layout', role: 'img', 'aria-label': `${size} bytes` });
  bar.style.width = `${size * scale}px`;
  let at = 0;
  const seg = (start: number, len: number, cls: string, label: string, title: string) => {
    if (len <= 0) return;
    const el = h('div', { class: `seg ${cls}`, title }, len * scale > 28 ? label : '');
    el.style.left = `${start * scale}px`;
    el.style.width = `${len * scale}px`;
    bar.appendChild(el);
  };
  fields.forEach((f) => {
    if (f.offset > at) seg(at, f.offset - at, 'pad', '', `padding: ${f.offset - at} B`);
    const colour = s.fields.findIndex((x) => x.name === f.name && x.type === f.type) % 6;
    seg(f.offset, f.size, `field c${colour}`, f.name, `${f.name} ${f.type}: offset ${f.offset}, ${f.size} B, align ${f.align}`);
    at = f.offset + f.size;
  });
  if (size > at) seg(at, size - at, 'pad', '', `trailing padding: ${size - at} B`);
  for (let line = cacheLine; line < size; line += cacheLine) {
    const rule = h('div', { class: 'cacheline', title: `cache line at ${line} B` });
    rule.style.left = `${line * scale}px`;
    bar.appendChild(rule);
  }
  const scan = h('div', { class: 'scan', title: `the GC scans the first ${ptrBytes} B` });
  scan.style.width = `${ptrBytes * scale}px`;
  return h('div', { class: 'layout-wrap' }, bar, scan, h('div', { class: 'dim' }, `${bytes(size)} · ${ptrBytes} B scanned by the GC`));
}
