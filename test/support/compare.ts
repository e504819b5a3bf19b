// Compares heapwise's struct-padding results with fieldalignment's, struct by struct, and
// classifies every disagreement either as a failure or as one of the documented exceptions where
// heapwise deliberately differs from fieldalignment. Nothing is skipped silently: every struct
// either agrees, is an exception (with its reason and evidence), or is a failure.
import { type FaRecord, structKey } from './fieldalignment.js';
import type { OracleResult } from './sizeof-oracle.js';
import { type Arch, type HeapwiseFinding, type HeapwiseReport, type HeapwiseStruct, is32bit } from './tools.js';

export const STRUCT_PADDING = 'struct-padding';

export type ExceptionReason = 'unknown' | 'layoutFixed' | 'sizeModel';

/** The documented exceptions, and why heapwise differs from fieldalignment there. */
export const EXCEPTION_REASONS: Record<ExceptionReason, string> = {
  unknown:
    '(1) heapwise reports the layout unknown: a type parameter (fieldalignment sizes it as an interface, which is wrong for every instantiation), a cgo type, or an unresolved import',
  layoutFixed:
    '(2) the layout is fixed on purpose (a `_ structs.HostLayout` field or a `//heapwise:layout fixed` comment): heapwise deliberately does not flag it',
  sizeModel:
    "(3) fieldalignment's size model differs from the compiler's (it aligns complex64 to 8 on 64-bit platforms, the compiler to 4; it ignores sync/atomic's align64, which makes the compiler align atomic.Int64/Uint64 to 8 on 32-bit platforms): heapwise follows the compiler, as the sizeof oracle verifies",
};

export interface ExceptionEntry {
  key: string;
  name: string;
  reason: ExceptionReason;
  /** What fieldalignment and heapwise said, and the evidence for the reason. */
  detail: string;
  /** For sizeModel: whether the compiler oracle checked heapwise's layout of this struct. */
  oracle?: 'verified' | 'mismatch' | 'skipped' | 'not run';
}

export interface FailureEntry {
  key: string;
  name: string;
  detail: string;
}

export interface Comparison {
  arch: Arch;
  /** Structs heapwise lists. */
  structs: number;
  unknownStructs: number;
  layoutFixedStructs: number;
  faFlagged: number;
  hwFlagged: number;
  /** Flagged by both with equal figures and order. */
  agreements: string[];
  exceptions: ExceptionEntry[];
  failures: FailureEntry[];
}

export function findingKey(f: HeapwiseFinding): string {
  return structKey(f.file, f.line, f.column);
}

export function structKeyOf(s: HeapwiseStruct): string {
  return structKey(s.file, s.line, s.column);
}

/** Differences between a fieldalignment record and heapwise's view of the same struct. */
export function figureDifferences(fa: FaRecord, s: HeapwiseStruct, f: HeapwiseFinding | undefined): string[] {
  const d: string[] = [];
  const eq = (what: string, want: unknown, got: unknown) => {
    if (want !== got) d.push(`${what}: fieldalignment ${JSON.stringify(want)}, heapwise ${JSON.stringify(got)}`);
  };
  eq('name', fa.name, s.name);
  if (fa.kind === 'size') {
    eq('size', fa.size, s.size);
    eq('optimalSize', fa.optimalSize, s.optimalSize);
    if (fa.sizeClass !== undefined && s.sizeClass !== undefined) eq('sizeClass', fa.sizeClass, s.sizeClass);
    if (fa.optimalSizeClass !== undefined && s.optimalSizeClass !== undefined) eq('optimalSizeClass', fa.optimalSizeClass, s.optimalSizeClass);
  } else {
    // fieldalignment reports pointer data only when the size cannot shrink.
    if (s.size !== s.optimalSize) d.push(`kind: fieldalignment reports pointer bytes (size already optimal), heapwise has size ${s.size} → ${s.optimalSize}`);
    eq('ptrBytes', fa.ptrBytes, s.ptrBytes);
    eq('optimalPtrBytes', fa.optimalPtrBytes, s.optimalPtrBytes);
  }
  if (fa.optimalOrder.join(' ') !== (s.optimalOrder ?? []).join(' ')) {
    d.push(`optimalOrder: fieldalignment [${fa.optimalOrder.join(' ')}], heapwise [${(s.optimalOrder ?? []).join(' ')}]`);
  }
  if (f) {
    // heapwise's message is fieldalignment's text, then possibly more.
    const m = f.message;
    const next = m.charAt(fa.message.length);
    if (!m.startsWith(fa.message) || /[\p{L}\p{Nd}_]/u.test(next)) {
      d.push(`message: fieldalignment ${JSON.stringify(fa.message)}, heapwise ${JSON.stringify(m)}`);
    }
  }
  return d;
}

/** The struct's own fields, and (transitively) the fields of struct types they hold by value. */
function divergenceEvidence(s: HeapwiseStruct, arch: Arch, index: Map<string, HeapwiseStruct[]>, seen = new Set<string>()): string[] {
  const key = structKeyOf(s);
  if (seen.has(key)) return [];
  seen.add(key);
  const ev: string[] = [];
  for (const f of s.fields ?? []) {
    if (is32bit(arch) && f.align === 8) ev.push(`${s.name}.${f.name} (${f.type}) is 8-aligned on ${arch} (64-bit atomic)`);
    if (!is32bit(arch) && /\bcomplex64\b/.test(f.type)) ev.push(`${s.name}.${f.name} has type ${f.type}`);
    // Struct types held by value (possibly in arrays): T, pkg.T, [N]T.
    const m = /^(?:\[[^\]]*\])*(?:[\p{L}_][\p{L}\p{Nd}_]*\.)?([\p{L}_][\p{L}\p{Nd}_]*)(?:\[.*\])?$/u.exec(f.type.trim());
    if (m) {
      for (const inner of index.get(m[1]!) ?? []) ev.push(...divergenceEvidence(inner, arch, index, seen));
    }
  }
  return ev;
}

export interface CompareInput {
  arch: Arch;
  report: HeapwiseReport;
  fa: FaRecord[];
  oracle?: OracleResult;
}

export function compareWithFieldalignment({ arch, report, fa, oracle }: CompareInput): Comparison {
  const structs = new Map<string, HeapwiseStruct>();
  const byName = new Map<string, HeapwiseStruct[]>();
  for (const s of report.structs) {
    structs.set(structKeyOf(s), s);
    byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  }
  const findings = new Map<string, HeapwiseFinding>();
  const failures: FailureEntry[] = [];
  for (const f of report.findings) {
    if (f.analyzer !== STRUCT_PADDING) continue;
    const key = findingKey(f);
    if (findings.has(key)) failures.push({ key, name: '?', detail: `heapwise reports two ${STRUCT_PADDING} findings at ${key}` });
    findings.set(key, f);
  }
  const faByKey = new Map(fa.map((r) => [r.key, r]));
  const cmp: Comparison = {
    arch,
    structs: report.structs.length,
    unknownStructs: report.structs.filter((s) => s.unknown).length,
    layoutFixedStructs: report.structs.filter((s) => s.layoutFixed).length,
    faFlagged: faByKey.size,
    hwFlagged: findings.size,
    agreements: [],
    exceptions: [],
    failures,
  };
  const keys = [...new Set([...faByKey.keys(), ...findings.keys()])].sort();
  for (const key of keys) {
    const r = faByKey.get(key);
    const f = findings.get(key);
    const s = structs.get(key);
    const name = s?.name ?? r?.name ?? '?';
    const faSays = r ? `fieldalignment: "${r.message}" [${r.optimalOrder.join(' ')}]` : 'fieldalignment: not flagged';
    const hwSays = s
      ? `heapwise: ${f ? `"${f.message}"` : 'not flagged'} (size ${s.size}→${s.optimalSize}, ptrBytes ${s.ptrBytes}→${s.optimalPtrBytes}, order [${(s.optimalOrder ?? []).join(' ')}])`
      : 'heapwise: not in structs';
    if (!s) {
      failures.push({ key, name, detail: `heapwise's structs list has no struct at ${key}; ${faSays}; ${f ? `heapwise finding: "${f.message}"` : ''}` });
      continue;
    }
    if (f && s.layoutFixed) {
      failures.push({ key, name, detail: `heapwise flags a struct it marks layoutFixed (${s.layoutFixed}); ${hwSays}` });
      continue;
    }
    if (f && s.unknown) {
      failures.push({ key, name, detail: `heapwise flags a struct whose layout it reports unknown (${s.unknown}); ${hwSays}` });
      continue;
    }
    const diffs = r && f ? figureDifferences(r, s, f) : [];
    if (r && f && diffs.length === 0) {
      cmp.agreements.push(key);
      continue;
    }
    // A disagreement: one of the documented exceptions, or a failure.
    if (!f && s.unknown) {
      cmp.exceptions.push({ key, name, reason: 'unknown', detail: `heapwise: unknown (${s.unknown}); ${faSays}` });
      continue;
    }
    if (!f && s.layoutFixed) {
      cmp.exceptions.push({ key, name, reason: 'layoutFixed', detail: `heapwise: layoutFixed (${s.layoutFixed}); ${faSays}` });
      continue;
    }
    const evidence = divergenceEvidence(s, arch, byName);
    const status = oracle ? (oracle.status.get(key) ?? 'skipped') : 'not run';
    if (r && r.kind === 'size' && r.size !== s.size && status === 'verified') {
      evidence.push(`fieldalignment computes size ${r.size}, the compiler ${s.size}`);
    }
    if (evidence.length > 0 && status !== 'mismatch') {
      cmp.exceptions.push({
        key,
        name,
        reason: 'sizeModel',
        oracle: status,
        detail: `${faSays}; ${hwSays}; evidence: ${evidence.join('; ')}${diffs.length ? `; differences: ${diffs.join('; ')}` : ''}`,
      });
      continue;
    }
    failures.push({
      key,
      name,
      detail: `${diffs.length ? diffs.join('; ') : r ? 'fieldalignment flags it, heapwise does not' : 'heapwise flags it, fieldalignment does not'}\n      ${faSays}\n      ${hwSays}`,
    });
  }
  return cmp;
}

export function countExceptions(c: Comparison): Record<ExceptionReason, number> {
  const n: Record<ExceptionReason, number> = { unknown: 0, layoutFixed: 0, sizeModel: 0 };
  for (const e of c.exceptions) n[e.reason]++;
  return n;
}

/** A plain-text table (columns padded), for summaries. */
export function formatTable(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
