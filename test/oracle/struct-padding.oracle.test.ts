// Oracle test of heapwise's `struct-padding` analyzer:
//
//  1. against golang.org/x/tools fieldalignment (pinned, see test/support/tools.ts): the set of
//     flagged structs (file:line:column of the `struct` keyword) must be equal, and for each the
//     figures fieldalignment prints (size/optimal size, or pointer bytes/optimal pointer bytes),
//     its message text and its optimal field order must be equal;
//  2. against the Go compiler (test/support/sizeof-oracle.ts): every struct heapwise lists that
//     another file can name must have heapwise's size, alignment and field offsets/sizes/aligns.
//
// for GOARCH amd64, 386 and arm64, on the fixtures module, the example module, this directory's
// edge-case module and a set of standard-library packages. Where heapwise intentionally differs
// from fieldalignment the test records a documented exception with its reason (see
// EXCEPTION_REASONS in test/support/compare.ts); every other difference fails.
//
// Run: npm run build && npx vitest run test/oracle
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type Comparison,
  EXCEPTION_REASONS,
  type ExceptionReason,
  compareWithFieldalignment,
  countExceptions,
  formatTable,
} from '../support/compare.js';
import { type FaRun, runFieldalignment, structKey } from '../support/fieldalignment.js';
import { type OracleResult, formatMismatches, listPackages, listStructDecls, runSizeofOracle } from '../support/sizeof-oracle.js';
import {
  type Arch,
  type HeapwiseRun,
  HeapwiseUnavailableError,
  REPO_ROOT,
  heapwiseUnavailableReason,
  createLimiter,
  runHeapwise,
  stdRoot,
} from '../support/tools.js';

const ARCHES: Arch[] = ['amd64', '386', 'arm64'];

export const STD_PACKAGES = ['net/http', 'encoding/json', 'go/ast', 'database/sql', 'runtime/pprof', 'crypto/tls'];

interface PackageSet {
  id: string;
  /** -C directory: module root or GOROOT/src. */
  dir: () => Promise<string>;
  patterns: string[];
  /** Why the set is absent, when it is (the test then skips it with that message). */
  missing?: () => string | undefined;
}

const moduleSet = (id: string, rel: string, owner: string): PackageSet => ({
  id,
  dir: async () => path.join(REPO_ROOT, rel),
  patterns: ['./...'],
  missing: () =>
    existsSync(path.join(REPO_ROOT, rel, 'go.mod')) ? undefined : `${rel}/go.mod does not exist yet (${owner}); this package set is skipped until it does`,
});

const SETS: PackageSet[] = [
  { id: 'std', dir: stdRoot, patterns: STD_PACKAGES },
  moduleSet('fixtures/padding', 'test/fixtures/padding', 'written by another engineer'),
  moduleSet('examples/shopsvc', 'examples/shopsvc', 'the example module'),
  moduleSet('oracle/edgemod', 'test/oracle/testdata/edgemod', "this test's own edge cases"),
];

/** Exceptions the edge module must produce: struct key → reason (see testdata/edgemod). */
const EDGE_EXPECTED_EXCEPTIONS: Record<Arch, Record<string, ExceptionReason>> = {
  amd64: {
    'edge.go:30:18': 'unknown', // List[T]: type parameter
    'edge.go:48:10': 'sizeModel', // C64: complex64
    'edge.go:60:11': 'layoutFixed', // Host: _ structs.HostLayout
    'edge.go:68:12': 'layoutFixed', // Fixed: //heapwise:layout fixed
    'more.go:49:16': 'sizeModel', // Complexes
    'more.go:58:17': 'sizeModel', // WithNested (complex64 inside Point)
  },
  arm64: {},
  '386': {
    'edge.go:30:18': 'unknown',
    'edge.go:54:9': 'sizeModel', // At: atomic.Int64
    'edge.go:60:11': 'layoutFixed',
    'edge.go:68:12': 'layoutFixed',
    'more.go:41:15': 'sizeModel', // Counters: atomic.Uint64/Int64
  },
  arm: {},
};
EDGE_EXPECTED_EXCEPTIONS.arm64 = EDGE_EXPECTED_EXCEPTIONS.amd64;

interface JobResult {
  arch: Arch;
  set: string;
  skipped?: string;
  fa?: FaRun;
  faError?: Error;
  hw?: HeapwiseRun;
  hwError?: Error;
  oracle?: OracleResult;
  oracleError?: Error;
  cmp?: Comparison;
  /** Every struct type literal in the packages' (non-test) files for GOARCH, by go/parser. */
  declared?: { key: string; name: string; fields: number }[];
  declaredError?: Error;
  ms: { fa?: number; hw?: number; oracle?: number; total: number };
}

const jobs = new Map<string, Promise<JobResult>>();
const jobKey = (arch: Arch, set: string) => `${arch} ${set}`;
const t0 = performance.now();

async function runJob(arch: Arch, set: PackageSet): Promise<JobResult> {
  const started = performance.now();
  const res: JobResult = { arch, set: set.id, ms: { total: 0 } };
  const missing = set.missing?.();
  if (missing) {
    res.skipped = missing;
    return res;
  }
  const dir = await set.dir();
  const time = async <T>(k: 'fa' | 'hw' | 'oracle', fn: () => Promise<T>) => {
    const s = performance.now();
    try {
      return await fn();
    } finally {
      res.ms[k] = performance.now() - s;
    }
  };
  // fieldalignment first compiles the dependencies for GOARCH (go list -export); heapwise runs
  // alongside; the oracle build then finds the dependencies in the build cache.
  const [fa, hw, declared] = await Promise.allSettled([
    time('fa', () => runFieldalignment({ dir, arch, patterns: set.patterns })),
    time('hw', () => runHeapwise({ dir, arch, patterns: set.patterns, only: 'struct-padding' })),
    declaredStructs(dir, arch, set.patterns),
  ]);
  if (declared.status === 'fulfilled') res.declared = declared.value;
  else res.declaredError = declared.reason as Error;
  if (fa.status === 'fulfilled') res.fa = fa.value;
  else res.faError = fa.reason as Error;
  if (hw.status === 'fulfilled') res.hw = hw.value;
  else res.hwError = hw.reason as Error;
  if (res.hw) {
    try {
      res.oracle = await time('oracle', () => runSizeofOracle({ arch, dir, structs: res.hw!.report.structs }));
    } catch (e) {
      res.oracleError = e as Error;
    }
    if (res.fa) res.cmp = compareWithFieldalignment({ arch, report: res.hw.report, fa: res.fa.records, oracle: res.oracle });
  }
  res.ms.total = performance.now() - started;
  return res;
}

async function declaredStructs(dir: string, arch: Arch, patterns: string[]): Promise<{ key: string; name: string; fields: number }[]> {
  const pkgs = await listPackages(dir, arch, patterns);
  const files = pkgs.flatMap((p) => [...(p.GoFiles ?? []), ...(p.CgoFiles ?? [])].map((f) => path.join(p.Dir, f)));
  return (await listStructDecls(files, dir)).map((d) => ({ key: structKey(d.file, d.line, d.column), name: d.name, fields: d.fields.length }));
}

function job(arch: Arch, set: string): Promise<JobResult> {
  const p = jobs.get(jobKey(arch, set));
  if (!p) throw new Error(`job ${arch} ${set} was not started`);
  return p;
}

function heapwiseFailure(r: JobResult): string {
  const e = r.hwError;
  const why = e instanceof HeapwiseUnavailableError ? e.message : `${e?.name}: ${e?.message}`;
  return `heapwise could not be run for GOARCH=${r.arch} on ${r.set}:\n${why}`;
}

beforeAll(() => {
  // Start everything now; each test awaits its own job. The slow part is compiling the
  // standard-library dependencies for each GOARCH (cold build cache). go build already uses every
  // core, so running architectures side by side only pays with cores to spare: measured on 2
  // cores with a cold cache, the whole file took 47 s with 1 job in flight, 52 s with 2, 57 s
  // with 4, 68 s with 6. Default: one job per two cores; HEAPWISE_ORACLE_JOBS overrides.
  const cores = os.availableParallelism();
  const run = createLimiter(Math.max(1, Number(process.env.HEAPWISE_ORACLE_JOBS ?? Math.floor(cores / 2))));
  for (const set of SETS) {
    for (const arch of ARCHES) jobs.set(jobKey(arch, set.id), run(() => runJob(arch, set)));
  }
  for (const p of jobs.values()) p.catch(() => {});
});

afterAll(async () => {
  const settled = await Promise.allSettled([...jobs.values()]);
  const rows: (string | number)[][] = [];
  const details: string[] = [];
  const skips: string[] = [];
  for (const s of settled) {
    if (s.status !== 'fulfilled') continue;
    const r = s.value;
    const sec = (ms?: number) => (ms === undefined ? '-' : (ms / 1000).toFixed(1));
    if (r.skipped) {
      rows.push([r.arch, r.set, 'skipped', '', '', '', '', '', '', '', '', '', '', '', '']);
      continue;
    }
    const c = r.cmp;
    const n = c ? countExceptions(c) : undefined;
    rows.push([
      r.arch,
      r.set,
      c ? c.structs : r.hw ? r.hw.report.structs.length : 'n/a',
      r.oracle ? r.oracle.checked : '-',
      r.oracle ? Object.values(r.oracle.skipped).reduce((n, k) => n + k.length, 0) : '-',
      r.fa ? r.fa.records.length : 'error',
      c ? c.hwFlagged : '-',
      c ? c.agreements.length : '-',
      n ? n.unknown : '-',
      n ? n.layoutFixed : '-',
      n ? n.sizeModel : '-',
      c ? c.failures.length : '-',
      r.oracle ? r.oracle.mismatches.length : '-',
      `${sec(r.ms.fa)}/${sec(r.ms.hw)}/${sec(r.ms.oracle)}`,
      sec(r.ms.total),
    ]);
    if (r.oracle) {
      const why = Object.entries(r.oracle.skipped).map(([reason, keys]) => `${keys.length} ${reason}`);
      if (why.length) skips.push(`  ${r.arch} ${r.set}: ${why.join('; ')}`);
    }
    for (const e of c?.exceptions ?? []) details.push(`  ${r.arch} ${r.set} ${e.key} ${e.name}: exception (${e.reason}${e.oracle ? `, oracle ${e.oracle}` : ''}) ${e.detail}`);
  }
  const table = formatTable(
    ['arch', 'package set', 'structs', 'oracle', 'not named', 'fa flags', 'hw flags', 'agree', 'exc(1)', 'exc(2)', 'exc(3)', 'FAIL', 'sizeof≠', 'fa/hw/oracle s', 'total s'],
    rows,
  );
  const legend = Object.entries(EXCEPTION_REASONS).map(([k, v]) => `  ${k === 'unknown' ? 'exc(1)' : k === 'layoutFixed' ? 'exc(2)' : 'exc(3)'}: ${v}`);
  console.log(
    [
      `struct-padding oracle summary (wall ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
      table,
      'structs: listed by heapwise; oracle: layouts checked by the compiler; not named: structs the oracle cannot reference (see below);',
      'fa/hw flags: structs flagged by fieldalignment/heapwise;',
      'agree: flagged by both with equal figures, message and order; FAIL: other differences; sizeof≠: compiler mismatches.',
      ...legend,
      ...(skips.length ? ['not checked by the sizeof oracle:', ...skips] : []),
      ...(details.length ? ['exceptions:', ...details] : []),
    ].join('\n'),
  );
});

describe.each(SETS.map((s) => s.id))('struct-padding vs fieldalignment and the compiler: %s', (setId) => {
  describe.each(ARCHES)('GOARCH=%s', (arch) => {
    test('fieldalignment runs and its output parses', async (ctx) => {
      const r = await job(arch, setId);
      if (r.skipped) ctx.skip(r.skipped);
      if (r.faError) throw r.faError;
      expect(r.fa!.errors).toEqual([]);
      if (setId === 'std') expect(r.fa!.records.length).toBeGreaterThan(150);
    });

    test('heapwise flags exactly the structs fieldalignment flags, with the same figures and order (documented exceptions aside)', async (ctx) => {
      const r = await job(arch, setId);
      if (r.skipped) ctx.skip(r.skipped);
      if (r.faError) throw r.faError;
      if (!r.hw) throw new Error(heapwiseFailure(r));
      const c = r.cmp!;
      expect(r.hw.report.arch).toBe(arch);
      if (setId === 'std') expect(r.hw.report.module).toBe('std');
      const failures = c.failures.map((f) => `  ${f.key} ${f.name}: ${f.detail}`).join('\n');
      expect(c.failures, `heapwise disagrees with fieldalignment (GOARCH=${arch}, ${setId}) on ${c.failures.length} structs:\n${failures}`).toEqual([]);
      // Every exception carries one of the documented reasons; size-model ones must be backed by
      // the compiler (the oracle checked heapwise's layout of that struct and found it right).
      for (const e of c.exceptions) {
        expect(Object.keys(EXCEPTION_REASONS)).toContain(e.reason);
        if (e.reason === 'sizeModel') expect(e.oracle, `${e.key} ${e.name}: ${e.detail}`).toBe('verified');
      }
      if (setId === 'oracle/edgemod') {
        const got = Object.fromEntries(c.exceptions.map((e) => [e.key, e.reason]));
        // WithC (cgo) may be an exception (1) or agree, depending on whether heapwise sizes C types.
        delete got['cgo.go:9:12'];
        expect(got).toEqual(EDGE_EXPECTED_EXCEPTIONS[arch]);
      }
    });

    test('heapwise lists every struct type of the packages (so the oracle sees them all)', async (ctx) => {
      const r = await job(arch, setId);
      if (r.skipped) ctx.skip(r.skipped);
      if (!r.hw) throw new Error(heapwiseFailure(r));
      if (r.declaredError) throw r.declaredError;
      const listed = new Set(r.hw.report.structs.map((s) => structKey(s.file, s.line, s.column)));
      // Empty struct types (struct{}: chan struct{}, set values…) have no layout to speak of;
      // heapwise may leave them out.
      const relevant = r.declared!.filter((d) => d.fields > 0);
      const missing = relevant.filter((d) => !listed.has(d.key)).map((d) => `${d.key} ${d.name}`);
      expect(missing, `heapwise's structs list lacks ${missing.length} of the ${relevant.length} non-empty struct types in the package files for GOARCH=${arch}`).toEqual([]);
      const declared = new Set(r.declared!.map((d) => d.key));
      const extra = [...listed].filter((k) => !declared.has(k));
      expect(extra, `heapwise lists structs that are not in the packages' files for GOARCH=${arch}`).toEqual([]);
    });

    test('every finding is an improvement: smaller, or as small with fewer pointer bytes', async (ctx) => {
      const r = await job(arch, setId);
      if (r.skipped) ctx.skip(r.skipped);
      if (!r.hw) throw new Error(heapwiseFailure(r));
      const structs = new Map(r.hw.report.structs.map((s) => [structKey(s.file, s.line, s.column), s]));
      const bad: string[] = [];
      for (const f of r.hw.report.findings) {
        if (f.analyzer !== 'struct-padding') continue;
        const s = structs.get(structKey(f.file, f.line, f.column));
        if (!s) continue; // reported by the comparison test
        const better = s.optimalSize < s.size || (s.optimalSize === s.size && s.optimalPtrBytes < s.ptrBytes);
        if (!better) bad.push(`${f.file}:${f.line}:${f.column} ${s.name}: size ${s.size}→${s.optimalSize}, ptrBytes ${s.ptrBytes}→${s.optimalPtrBytes}: "${f.message}"`);
      }
      // fieldalignment flags any change of pointer bytes (!=), but in its size model no field is
      // more aligned than a pointer, so its order never grows them; with the compiler's (an
      // atomic.Int64 is 8-aligned on 386) the same sort can put pointer-free fields first.
      expect(bad, `heapwise flags structs its own suggested order does not improve (GOARCH=${arch}):\n${bad.join('\n')}`).toEqual([]);
    });

    test("sizeof oracle: heapwise's layouts equal the compiler's", async (ctx) => {
      const r = await job(arch, setId);
      if (r.skipped) ctx.skip(r.skipped);
      if (!r.hw) throw new Error(heapwiseFailure(r));
      if (r.oracleError) throw r.oracleError;
      const o = r.oracle!;
      expect(o.buildErrors, `the oracle build failed (GOARCH=${arch}, ${setId}):\n${o.buildErrors.join('\n')}`).toEqual([]);
      expect(o.mismatches, `heapwise's layouts differ from the compiler's (GOARCH=${arch}, ${setId}):\n${formatMismatches(o.mismatches)}`).toEqual([]);
      if (r.hw.report.structs.length > 0) expect(o.checked).toBeGreaterThan(0);
    });
  });
});

describe.each(SETS.filter((s) => s.id !== 'std').map((s) => [s.id, s] as const))('with test files (--tests vs fieldalignment -test): %s, amd64', (_id, set) => {
  test('heapwise flags exactly what fieldalignment flags, test files included', async (ctx) => {
    const missing = set.missing?.();
    if (missing) ctx.skip(missing);
    const why = heapwiseUnavailableReason();
    if (why) throw new HeapwiseUnavailableError(why);
    const dir = await set.dir();
    const [fa, hw, main] = await Promise.all([
      runFieldalignment({ dir, arch: 'amd64', patterns: set.patterns, tests: true }),
      runHeapwise({ dir, arch: 'amd64', patterns: set.patterns, only: 'struct-padding', tests: true }),
      job('amd64', set.id),
    ]);
    // The oracle of the plain run covers the non-test structs (go build compiles no tests).
    const c = compareWithFieldalignment({ arch: 'amd64', report: hw.report, fa: fa.records, oracle: main.oracle });
    const failures = c.failures.map((f) => `  ${f.key} ${f.name}: ${f.detail}`).join('\n');
    expect(c.failures, `with --tests, heapwise disagrees with fieldalignment on ${c.failures.length} structs:\n${failures}`).toEqual([]);
    expect(fa.records.length).toBeGreaterThanOrEqual(main.fa?.records.length ?? 0);
    for (const e of c.exceptions) {
      if (e.reason === 'sizeModel' && !e.key.includes('_test.go:')) expect(e.oracle, `${e.key} ${e.name}: ${e.detail}`).toBe('verified');
    }
  });
});

test('the heapwise CLI is built', () => {
  const why = heapwiseUnavailableReason();
  expect(why, why).toBeUndefined();
});
