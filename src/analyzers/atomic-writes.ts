// Where a module writes its atomic fields, found by one scan of the module's text (a parse of
// every body would cost more than the false-sharing check is worth). Fields are matched by
// name, not by type: a write to another struct's field of the same name counts too, which
// only ever makes a field look more written and less tied to the fields beside it, so more
// reported, never less.
import { matchBrace } from '../source/skim.js';

/** One place a field is written, or has its address taken (then anything may write it). */
export interface FieldSite {
  file: number;
  offset: number;
  kind: 'write' | 'address';
}

/** A method whose whole body is one write of a field (bbolt's IncPageCount): its calls write the field. */
const accessorHeader = /^func\s*\(\s*\w+\s+\*?\w+(?:\[[^\]\n]*\])?\s*\)\s*(\w+)\s*\([^{}]*\{\s*$/;

export interface AtomicWrites {
  /** The module's files (absolute paths) and their text, by file index. */
  paths: string[];
  sources: string[];
  /** Field name -> its write and address-taken sites. */
  sites: Map<string, FieldSite[]>;
  /**
   * Fields written through sync/atomic's integer functions (atomic.AddInt64(&c.n, 1)): plain
   * integers used as atomics. Field name -> indexes of the files that do it.
   */
  viaFunctions: Map<string, Set<number>>;
}

// Scanned with indexOf and short anchored matches: a regular expression over the whole text
// of the standard library (~90 MB) costs 100-200 ms each, the literal search a tenth of that.

/** x.f.Add(1), x.f.Store(v)... on a sync/atomic type: the method part, then the field before it. */
const writeMethods = ['.Add(', '.Store(', '.Swap(', '.CompareAndSwap(', '.And(', '.Or('];
const fieldBefore = /\.(\w+)$/;
/** &x.f, &x.s[i].f (gofmt writes no space after a unary &): an address, given to sync/atomic's functions or to anything else. */
const addressOf = /&(\w+(?:\.\w+|\[[^\]\n]*\])*\.(\w+))/y;
/** What precedes an address given to sync/atomic's function API: atomic.AddInt64( or atomic.LoadInt64(. */
const atomicCall = /\batomic\.(\w+)\(\s*$/;
/** sync/atomic's functions that write an integer. */
const integerWrite = /^(Add|Store|Swap|CompareAndSwap|And|Or)(Int|Uint)(32|64)$/;

export function atomicWrites(paths: string[], sources: string[]): AtomicWrites {
  const sites = new Map<string, FieldSite[]>();
  const viaFunctions = new Map<string, Set<number>>();
  const add = (field: string, site: FieldSite) => {
    const known = sites.get(field);
    if (known) known.push(site);
    else sites.set(field, [site]);
  };
  sources.forEach((text, file) => {
    for (const method of writeMethods) {
      for (let at = text.indexOf(method); at >= 0; at = text.indexOf(method, at + 1)) {
        const field = fieldBefore.exec(text.slice(Math.max(0, at - 64), at))?.[1];
        if (field && !inSetup(text, at)) add(field, { file, offset: at, kind: 'write' });
      }
    }
    for (let at = text.indexOf('&'); at >= 0; at = text.indexOf('&', at + 1)) {
      // Not a binary & or &&: those follow an operand.
      if (/[&\w)\]]/.test(text[at - 1] ?? '')) continue;
      addressOf.lastIndex = at;
      const m = addressOf.exec(text);
      if (!m) continue;
      const fn = atomicCall.exec(text.slice(Math.max(0, at - 40), at))?.[1];
      // atomic.LoadInt64(&c.n) reads; atomic.AddInt64(&c.n, 1) writes; &c.n handed elsewhere may do either.
      if (fn?.startsWith('Load') || (fn && inSetup(text, at))) continue;
      add(m[2]!, { file, offset: at, kind: fn ? 'write' : 'address' });
      if (fn && integerWrite.test(fn)) viaFunctions.set(m[2]!, (viaFunctions.get(m[2]!) ?? new Set()).add(file));
    }
  });
  const callsOf = new Map<string, FieldSite[]>();
  for (const list of sites.values()) list.splice(0, list.length, ...throughAccessors(sources, list, callsOf));
  return { paths, sources, sites, viaFunctions };
}

/**
 * A write inside a one-statement method (func (s *T) IncX(d int64) { atomic.AddInt64(&s.X, d) })
 * is made where the method is called: those calls replace it, so two counters bumped through
 * their accessors one right after the other count as written together. With no call in the
 * module (an accessor for other modules), the write stays where it is.
 */
function throughAccessors(sources: string[], list: FieldSite[], callsOf: Map<string, FieldSite[]>): FieldSite[] {
  return list.flatMap((site) => {
    if (site.kind !== 'write') return [site];
    const text = sources[site.file]!;
    const start = text.lastIndexOf('\nfunc ', site.offset) + 1;
    const open = text.indexOf('{', start);
    const method = open > 0 && open < site.offset ? accessorHeader.exec(text.slice(start, open + 1))?.[1] : undefined;
    const close = method ? matchBrace(text, open) - 1 : -1;
    if (!method || close < site.offset || /[\n;]/.test(text.slice(open + 1, close).trim())) return [site];
    let calls = callsOf.get(method);
    if (!calls) {
      const found: FieldSite[] = [];
      sources.forEach((t, file) => {
        for (let at = t.indexOf(`.${method}(`); at >= 0; at = t.indexOf(`.${method}(`, at + 1)) found.push({ file, offset: at, kind: 'write' });
      });
      callsOf.set(method, (calls = found));
    }
    return calls.length > 0 ? calls : [site];
  });
}

/**
 * In an init function or a constructor (New..., new...): a write there happens once, before
 * the value is shared, so the field is set up there rather than written hot.
 */
function inSetup(text: string, offset: number): boolean {
  const fn = text.slice(text.lastIndexOf('\nfunc ', offset) + 1, offset);
  const header = /^func\s+(?:\([^)]*\)\s*)?(\w+)/.exec(fn);
  // A func literal there (go func() { ... }()) runs later, for as long as the value lives.
  return header !== null && /^(init|[Nn]ew([A-Z_]\w*)?)$/.test(header[1]!) && !/\bfunc\s*\(/.test(fn.slice(header[0].length));
}

/**
 * The type is used as an array or slice element by value somewhere in the module (`[16]slot`,
 * `make([]slot, n)`, `[]pkg.Slot` in another package): its values sit side by side in memory.
 * Not `[]*slot` (separate objects) nor map values.
 */
export function usedAsElement(w: AtomicWrites, name: string, pkgName: string, inPackage: (file: number) => boolean): boolean {
  return w.sources.some((text, file) => {
    for (const written of inPackage(file) ? [`]${name}`, `]${pkgName}.${name}`] : [`]${pkgName}.${name}`]) {
      for (let at = text.indexOf(written); at >= 0; at = text.indexOf(written, at + 1)) {
        const open = text.lastIndexOf('[', at);
        if (/\w/.test(text[at + written.length] ?? '') || open < 0 || text.slice(open - 3, open) === 'map') continue;
        return true;
      }
    }
    return false;
  });
}

/** Written somewhere in the module (or its address handed out, so it may be). */
export function isWritten(w: AtomicWrites, field: string): boolean {
  return (w.sites.get(field)?.length ?? 0) > 0;
}

/**
 * The two fields are only ever written one right after the other, in the same straight run of
 * statements (w.records.Add(1); w.bytes.Add(n)): the same goroutine writes both at once, so
 * they are not independent and a shared line costs nothing more than the writes themselves.
 */
export function writtenTogether(w: AtomicWrites, a: string, b: string): boolean {
  const as = outsideTests(w, w.sites.get(a) ?? []);
  const bs = outsideTests(w, w.sites.get(b) ?? []);
  if (as.length === 0 || bs.length === 0 || [...as, ...bs].some((s) => s.kind === 'address')) return false;
  const paired = (x: FieldSite, others: FieldSite[]) => others.some((y) => y.file === x.file && sameStretch(w.sources[x.file]!, x.offset, y.offset));
  return as.every((x) => paired(x, bs)) && bs.every((y) => paired(y, as));
}

/**
 * The sites outside _test.go files, when there are any: a test bumps one counter, checks it,
 * then the next, on one goroutine, which says nothing of how the program writes them.
 */
function outsideTests(w: AtomicWrites, sites: FieldSite[]): FieldSite[] {
  const program = sites.filter((s) => !w.paths[s.file]!.endsWith('_test.go'));
  return program.length > 0 ? program : sites;
}

/** No block boundary or case label between the two offsets. */
function sameStretch(text: string, p: number, q: number): boolean {
  const between = text.slice(Math.min(p, q), Math.max(p, q));
  return !/[{}]|\bcase\b|\bdefault\s*:|\bgo\s/.test(between);
}

/**
 * Every write of both fields happens while the same mutex is held (s.mu.Lock() earlier in the
 * function, not unlocked since): the writers take turns anyway, the catalog's "counters
 * guarded by the same mutex".
 */
export function writtenUnderOneLock(w: AtomicWrites, a: string, b: string): boolean {
  const sites = [...outsideTests(w, w.sites.get(a) ?? []), ...outsideTests(w, w.sites.get(b) ?? [])];
  if (sites.length === 0 || sites.some((s) => s.kind === 'address')) return false;
  const locks = new Set(sites.map((s) => lockHeld(w.sources[s.file]!, s.offset)));
  return locks.size === 1 && !locks.has(undefined);
}

/** The mutex (by its last name: mu of s.mu) locked before the offset in the same function and not unlocked since. */
function lockHeld(text: string, offset: number): string | undefined {
  const fnStart = text.lastIndexOf('\nfunc ', offset);
  const body = text.slice(Math.max(0, fnStart), offset);
  let held: string | undefined;
  for (const m of body.matchAll(/(defer\s+)?\b([\w.]*?)(\w+)\.(Lock|Unlock)\(\)/g)) {
    if (m[4] === 'Lock') held = m[3];
    else if (!m[1] && m[3] === held) held = undefined;
  }
  return held;
}
