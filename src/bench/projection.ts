// What a table row or column is keyed by, as benchstat's -row and -col (benchproc): a
// configuration key (`note`, `goos`), `.file`, `.name` (the name before any /part or -N
// suffix), `.fullname`, or a part of the name (`/size` for BenchmarkX/size=1k, `/gomaxprocs`
// for the -8 suffix). A full name shown beside other name keys leaves out what those show.
import type { BenchResult } from './format.js';

/** Splits "X/a=1/b=2-8" into "X" and ["/a=1", "/b=2", "-8"], as benchfmt.Name.Parts. */
export function nameParts(name: string): { base: string; parts: string[] } {
  let buf = name;
  let procs: string | undefined;
  for (let i = name.length - 1; i >= 0; i--) {
    const c = name[i]!;
    if (c === '-' && i < name.length - 1) {
      buf = name.slice(0, i);
      procs = name.slice(i);
      break;
    }
    if (!(c >= '0' && c <= '9')) break;
  }
  const parts: string[] = [];
  let prev = 0;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] === '/') {
      parts.push(buf.slice(prev, i));
      prev = i;
    }
  }
  parts.push(buf.slice(prev));
  if (procs !== undefined) parts.push(procs);
  return { base: parts[0]!, parts: parts.slice(1) };
}

/** The name without the parts other projections show (benchproc's .fullname with excludes). */
function fullNameExcluding(name: string, exclude: string[]): string {
  const excName = exclude.includes('.name');
  const prefixes = exclude.filter((k) => k.startsWith('/')).map((k) => k + '=');
  const excProcs = exclude.includes('/gomaxprocs');
  let found = excName || prefixes.some((p) => name.includes(p));
  if (!found && excProcs && name.includes('-')) found = true;
  if (!found) return name;
  const { base, parts } = nameParts(name);
  let out = excName ? '*' : base;
  for (const part of parts) {
    if (prefixes.some((p) => part.startsWith(p))) continue;
    if (excProcs && part.startsWith('-')) continue;
    out += part;
  }
  return out;
}

export type Extract = (r: BenchResult) => string;

/** Whether a projection key is one heapwise understands (one field; no sort orders or filters). */
export function validKey(key: string): boolean {
  return key !== '' && key !== '.config' && key !== '.unit' && !/[,@()\s]/.test(key) && (key.startsWith('.') ? ['.file', '.name', '.fullname'].includes(key) : true);
}

/** The value of one key for a result; `fullExclude` lists keys the full name leaves out. */
export function extractor(key: string, fullExclude: string[]): Extract {
  if (key === '.name') return (r) => (r.name.includes('/') ? r.name.slice(0, r.name.indexOf('/')) : nameParts(r.name).base);
  if (key === '.fullname') return (r) => fullNameExcluding(r.name, fullExclude);
  if (key === '.file') return (r) => r.config.find(([k]) => k === '.file')?.[1] ?? '';
  if (key.startsWith('/')) {
    const prefix = key + '=';
    return (r) => {
      const { parts } = nameParts(r.name);
      if (key === '/gomaxprocs' && parts.length > 0 && parts[parts.length - 1]!.startsWith('-')) return parts[parts.length - 1]!.slice(1);
      const p = parts.find((x) => x.startsWith(prefix));
      return p ? p.slice(prefix.length) : '';
    };
  }
  return (r) => r.config.find(([k]) => k === key)?.[1] ?? '';
}
