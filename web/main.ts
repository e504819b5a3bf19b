// The report page: tabs for each view, hash routing, keyboard shortcuts (1-7 switch views,
// / filters findings, j/k move in lists, Enter opens).
import { loadData } from './data.js';
import { h } from './dom.js';
import { benchmarksView } from './benchmarks.js';
import { findingsView } from './findings.js';
import { gcView } from './gc.js';
import { profileView } from './flame.js';
import { overview } from './overview.js';
import { sourceView } from './source.js';
import { structsView } from './structs.js';

const data = loadData();
const source = sourceView(data);
const openFinding = (i: number) => {
  const f = data.findings[i];
  if (!f) return;
  location.hash = `source/${encodeURIComponent(f.file)}:${f.line}`;
};
const views: Record<string, () => HTMLElement> = {
  overview: () => overview(data, openFinding),
  findings: () => findingsView(data, openFinding),
  structs: () => structsView(data),
  source: () => source.el,
  profile: () => profileView(data),
  benchmarks: () => benchmarksView(data),
  gc: () => gcView(data),
};
const built = new Map<string, HTMLElement>();
const main = h('main', {});
const tabs = h('nav', { class: 'tabs', role: 'tablist' });
Object.keys(views).forEach((name, i) => {
  const a = h('a', { href: `#${name}`, role: 'tab', id: `tab-${name}` }, `${i + 1} ${name}`);
  tabs.appendChild(a);
});

document.body.append(
  h(
    'header',
    {},
    h('h1', {}, 'heapwise'),
    h('span', { class: 'dim' }, `${data.module} · ${data.goVersion} · ${data.arch} · ${data.findings.length} findings · generated ${data.generated}`),
  ),
  tabs,
  main,
);

function route(): void {
  const hash = decodeURIComponent(location.hash.slice(1));
  const [name, rest] = hash.includes('/') ? [hash.slice(0, hash.indexOf('/')), hash.slice(hash.indexOf('/') + 1)] : [hash || 'overview', ''];
  const view = views[name] ? name : 'overview';
  for (const [n, el] of built) el.hidden = n !== view;
  if (!built.has(view)) {
    const el = views[view]!();
    built.set(view, el);
    main.appendChild(el);
  }
  for (const t of tabs.querySelectorAll('a')) t.setAttribute('aria-selected', String(t.id === `tab-${view}`));
  if (view === 'source') {
    const m = /^(.*):(\d+)$/.exec(rest);
    const first = Object.keys(data.sources).sort()[0];
    if (m) source.show(m[1]!, Number(m[2]));
    else if (first) source.show(first, 1);
  }
  (built.get(view) as HTMLElement & { refresh?: () => void }).refresh?.();
  document.body.dataset.ready = view;
}

window.addEventListener('hashchange', route);
window.addEventListener('keydown', (e) => {
  const target = e.target as HTMLElement;
  if (target.tagName === 'INPUT' || target.tagName === 'SELECT') return;
  const names = Object.keys(views);
  const n = Number(e.key);
  if (n >= 1 && n <= names.length) location.hash = names[n - 1]!;
  else if (e.key === '/') {
    e.preventDefault();
    location.hash = 'findings';
    queueMicrotask(() => document.getElementById('finding-filter')?.focus());
  }
});
route();
