// Struct layouts: each struct as a row of bytes, fields and padding (hatched), 64-byte cache
// lines marked, as declared and in the optimal order, side by side, for the arch chosen above
// the list (the report's own, or any other the report carries: src/report/arch-layouts.ts).
import type { StructInfo } from '../src/core/report.js';
import { structsForArch } from '../src/report/arch-layouts.js';
import type { ReportData } from './data.js';
import { append, bytes, clear, h } from './dom.js';

const cacheLine = 64;
const keyOf = (s: StructInfo) => `${s.file}:${s.line}:${s.column}`;

export function structsView(data: ReportData): HTMLElement {
  // The report's arch first, then 64-bit before 32-bit as Go lists its first-class ports.
  const known = ['amd64', 'arm64', '386', 'arm'];
  const rank = (a: string) => (known.includes(a) ? known.indexOf(a) : known.length);
  const arches = [data.arch, ...(data.archLayouts?.arches ?? []).map((p) => p.arch).sort((a, b) => rank(a) - rank(b))];
  const perArch = new Map<string, { all: StructInfo[]; byKey: Map<string, StructInfo> }>();
  const structsOn = (arch: string) => {
    let got = perArch.get(arch);
    if (!got) {
      const all = arch === data.arch ? data.structs : structsForArch(data.structs, data.archLayouts!, arch);
      got = { all, byKey: new Map(all.map((s) => [keyOf(s), s])) };
      perArch.set(arch, got);
    }
    return got;
  };
  let arch = data.arch;
  let selected: string | undefined;
  const sorted = () =>
    structsOn(arch)
      .all.map((s) => ({ s, saved: s.size - s.optimalSize }))
      .filter(({ s }) => !s.unknown)
      .sort((a, b) => b.saved - a.saved || b.s.ptrBytes - b.s.optimalPtrBytes - (a.s.ptrBytes - a.s.optimalPtrBytes));
  let list = sorted();
  const unknownNote = h('span', { class: 'dim' });
  const archPicker = h('fieldset', { class: 'arch-picker' }, h('legend', {}, 'GOARCH'));
  arches.forEach((a) => {
    const input = h('input', { type: 'radio', name: 'struct-arch', value: a, id: `arch-${a}`, checked: a === arch });
    input.addEventListener('change', () => {
      if (!input.checked) return;
      arch = a;
      list = sorted();
      renderList();
    });
    append(archPicker, h('label', { for: `arch-${a}`, title: a === data.arch ? 'the arch the report was made for' : `laid out as analyze --arch ${a} would` }, input, a === data.arch ? `${a} (report)` : a));
  });
  const filter = h('input', { type: 'search', placeholder: 'struct or package', 'aria-label': 'filter structs' });
  const onlyPadded = h('input', { type: 'checkbox', checked: true, id: 'only-padded' });
  const names = h('ul', { class: 'struct-list', role: 'listbox', 'aria-label': 'structs' });
  const detail = h('div', { class: 'struct-detail' });

  const renderList = () => {
    clear(names);
    const unknown = structsOn(arch).all.filter((s) => s.unknown).length;
    unknownNote.textContent = `${unknown} of unknown size on ${arch} not shown`;
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
        selected = keyOf(s);
        renderDetail(s);
      };
      li.addEventListener('click', pick);
      li.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') pick();
      });
      names.appendChild(li);
      if (keyOf(s) === selected) li.classList.add('selected');
    }
    // The struct looked at stays in view when the arch or the filter changes, if it is listed.
    const keep = shown.find(({ s }) => keyOf(s) === selected) ?? shown[0];
    if (keep) {
      if (!selected || keyOf(keep.s) !== selected) names.firstElementChild?.classList.add('selected');
      selected = keyOf(keep.s);
      renderDetail(keep.s);
    } else clear(detail);
  };

  const renderDetail = (s: StructInfo) => {
    clear(detail);
    const optimal = layoutInOrder(s);
    append(
      detail,
      h('h2', {}, `${s.package}.${s.name}`),
      h('p', { class: 'dim' }, `${s.file}:${s.line} · ${arch} · size ${s.size} B → ${s.optimalSize} B (allocated ${s.sizeClass ?? s.size} B → ${s.optimalSizeClass ?? s.optimalSize} B) · pointer bytes ${s.ptrBytes} → ${s.optimalPtrBytes}`),
      s.layoutFixed ? h('p', {}, `Layout fixed on purpose (${s.layoutFixed}): heapwise does not suggest reordering it.`) : null,
      h('h3', {}, 'As declared'),
      drawLayout(s.fields, s.size, s.ptrBytes, s),
      h('h3', {}, 'Optimal order'),
      drawLayout(optimal, s.optimalSize, s.optimalPtrBytes, s),
      h('p', { class: 'legend dim' }, 'Hatched: padding. Dashed rules: 64-byte cache lines. The bar below: the pointer bytes, the prefix the GC scans. A field keeps its colour in both rows.'),
      arches.length > 1 ? acrossArches(s) : null,
    );
  };

  /** The struct's figures on every arch the report carries, the selected one marked. */
  const acrossArches = (s: StructInfo): HTMLElement =>
    h(
      'table',
      { class: 'top-table arch-table' },
      h('caption', {}, 'On each arch'),
      h('thead', {}, h('tr', {}, ...['GOARCH', 'size', 'optimal', 'allocated', 'pointer bytes'].map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        {},
        ...arches.map((a) => {
          const o = structsOn(a).byKey.get(keyOf(s));
          const cells = !o
            ? [h('td', { colspan: 4, class: 'dim' }, 'not compiled for this arch')]
            : o.unknown
              ? [h('td', { colspan: 4, class: 'dim' }, `unknown: ${o.unknown}`)]
              : [
                  h('td', { class: 'num' }, `${o.size} B`),
                  h('td', { class: 'num' }, `${o.optimalSize} B`),
                  h('td', { class: 'num' }, `${o.sizeClass ?? o.size} B → ${o.optimalSizeClass ?? o.optimalSize} B`),
                  h('td', { class: 'num' }, `${o.ptrBytes} → ${o.optimalPtrBytes}`),
                ];
          return h('tr', { class: a === arch ? 'current' : undefined, 'aria-current': a === arch ? 'true' : undefined }, h('th', { scope: 'row' }, a === arch ? `${a} ▸` : a), ...cells);
        }),
      ),
    );

  filter.addEventListener('input', renderList);
  onlyPadded.addEventListener('change', renderList);
  queueMicrotask(renderList);
  return h(
    'section',
    { class: 'view', id: 'view-structs' },
    h('div', { class: 'filters' }, arches.length > 1 ? archPicker : null, filter, h('label', {}, onlyPadded, ' only structs that can shrink'), unknownNote),
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
