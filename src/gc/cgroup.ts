// The container's memory limit, for `gc whatif` and `gc recommend` when no size is given: the
// cgroup the process runs in (/proc/self/cgroup), cgroup v2's memory.max ("max" = none) or
// v1's memory.limit_in_bytes (a value near 2^63 = none). The effective limit is the smallest
// one on the path from the process's cgroup up to the root. Only meaningful when heapwise runs
// in the same container as the service (`gc run`, or a shell inside the container).
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface ContainerLimit {
  /** null: the container has no memory limit. */
  bytes: number | null;
  /** The file the limit came from (or the files looked at, when there is none). */
  source: string;
}

/** memory.max (v2) or memory.limit_in_bytes (v1) text -> bytes; null for no limit; undefined when the text is not a limit. */
export function parseCgroupLimit(text: string): number | null | undefined {
  const t = text.trim();
  if (t === 'max') return null;
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  // v1 says "unlimited" as PAGE_COUNTER_MAX times the page size (9223372036854771712 on
  // 64-bit) or as 2^63-1; no real limit is within a factor of two of that.
  return n >= 2 ** 62 ? null : n;
}

export interface CgroupPaths {
  /** The unified (v2) hierarchy's path, from the "0::<path>" line. */
  v2?: string;
  /** The v1 memory controller's path, from the "<n>:memory:<path>" line (or one listing memory among others). */
  v1Memory?: string;
}

export function parseProcSelfCgroup(text: string): CgroupPaths {
  const out: CgroupPaths = {};
  for (const line of text.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!m) continue;
    if (m[1] === '0' && m[2] === '') out.v2 = m[3];
    else if (m[2]!.split(',').includes('memory')) out.v1Memory = m[3];
  }
  return out;
}

/** The directories from `dir` up to `root`, deepest first. */
function upTo(root: string, rel: string): string[] {
  const dirs: string[] = [];
  let cur = path.posix.normalize(`/${rel}`);
  for (;;) {
    dirs.push(path.posix.join(root, cur));
    if (cur === '/') return dirs;
    cur = path.posix.dirname(cur);
  }
}

type Read = (file: string) => Promise<string>;
const readText: Read = (f) => readFile(f, 'utf8');

/**
 * The memory limit of the container heapwise runs in, or null when it cannot tell (no cgroup
 * files: not Linux, or the memory controller is not mounted).
 */
export async function containerMemoryLimit(read: Read = readText, root = '/sys/fs/cgroup'): Promise<ContainerLimit | null> {
  const paths = parseProcSelfCgroup(await read('/proc/self/cgroup').catch(() => ''));
  const candidates: string[] = [];
  // v2: the process's cgroup and its ancestors (in a container with its own cgroup namespace
  // the path is "/" and root/memory.max is the container's own limit).
  if (paths.v2 !== undefined) candidates.push(...upTo(root, paths.v2).map((d) => path.posix.join(d, 'memory.max')));
  candidates.push(path.posix.join(root, 'memory.max'));
  // v1: the memory controller's hierarchy; inside a container the host path in
  // /proc/self/cgroup may not exist under the container's mount, so its root counts too.
  const v1 = path.posix.join(root, 'memory');
  if (paths.v1Memory !== undefined) candidates.push(...upTo(v1, paths.v1Memory).map((d) => path.posix.join(d, 'memory.limit_in_bytes')));
  candidates.push(path.posix.join(v1, 'memory.limit_in_bytes'));
  let best: ContainerLimit | null = null;
  const seen = new Set<string>();
  for (const file of candidates) {
    if (seen.has(file)) continue;
    seen.add(file);
    const text = await read(file).catch(() => undefined);
    if (text === undefined) continue;
    const bytes = parseCgroupLimit(text);
    if (bytes === undefined) continue;
    const version = file.endsWith('memory.max') ? 'cgroup v2' : 'cgroup v1';
    if (best === null) best = { bytes, source: `${version} ${file}` };
    else if (bytes !== null && (best.bytes === null || bytes < best.bytes)) best = { bytes, source: `${version} ${file}` };
  }
  return best;
}
