// Unit tests of the fieldalignment output parser (test/support/fieldalignment.ts) on real
// fieldalignment v0.52.0 output captured in testdata/fieldalignment-output (absolute paths
// replaced by /ROOT), plus live checks that the pinned tool installs and that its standalone
// and `go vet -vettool` forms agree.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  type FaRecord,
  embeddedFieldName,
  parseFieldalignmentJson,
  parseFieldalignmentMessage,
  parseOptimalOrder,
  runFieldalignment,
} from '../support/fieldalignment.js';
import { listStructDecls } from '../support/sizeof-oracle.js';
import { FIELDALIGNMENT_VERSION, REPO_ROOT, ensureFieldalignment, goEnv, stdRoot } from '../support/tools.js';

const TESTDATA = path.join(REPO_ROOT, 'test', 'oracle', 'testdata');
const EDGE = path.join(TESTDATA, 'edgemod');
const golden = (name: string) => readFileSync(path.join(TESTDATA, 'fieldalignment-output', name), 'utf8');

function byName(records: FaRecord[], name: string, file?: string): FaRecord {
  const r = records.find((x) => x.name === name && (file === undefined || x.file === file));
  if (!r) throw new Error(`no record for ${name}`);
  return r;
}

describe('parseFieldalignmentMessage', () => {
  test.each([
    [
      'Bad has size 24 but the optimal size is 16 leading to a waste of 8 bytes (33%)',
      { name: 'Bad', kind: 'size', size: 24, optimalSize: 16, wasteBytes: 8, wastePercent: 33 },
    ],
    [
      'Conn has size 872 (allocator size class 896) but the optimal size is 816 (allocator size class 896)',
      { name: 'Conn', kind: 'size', size: 872, sizeClass: 896, optimalSize: 816, optimalSizeClass: 896 },
    ],
    [
      'Config has size 464 (allocator size class 480) but the optimal size is 440 (allocator size class 448) leading to a waste of 32 bytes (6%)',
      { name: 'Config', kind: 'size', size: 464, sizeClass: 480, optimalSize: 440, optimalSizeClass: 448, wasteBytes: 32, wastePercent: 6 },
    ],
    [
      'driverConn has size 128 but the optimal size is 120 (allocator size class 128)',
      { name: 'driverConn', kind: 'size', size: 128, optimalSize: 120, optimalSizeClass: 128 },
    ],
    [
      // v0.52.0 prints the waste whenever it is positive, even when it rounds to 0%.
      'Big has size 40024 (uses global allocator) but the optimal size is 40016 leading to a waste of 8 bytes (0%)',
      { name: 'Big', kind: 'size', size: 40024, usesGlobalAllocator: true, optimalSize: 40016, wasteBytes: 8, wastePercent: 0 },
    ],
    ['Comment has 16 leading bytes of pointer data but optimal value is 8', { name: 'Comment', kind: 'pointers', ptrBytes: 16, optimalPtrBytes: 8 }],
    ['struct has 16 leading bytes of pointer data but optimal value is 8', { name: 'struct', kind: 'pointers', ptrBytes: 16, optimalPtrBytes: 8 }],
  ])('%s', (msg, want) => {
    expect(parseFieldalignmentMessage(msg)).toEqual(want);
  });

  test('rejects other text', () => {
    expect(() => parseFieldalignmentMessage('T has size 8')).toThrow(/unrecognised/);
    expect(() => parseFieldalignmentMessage('')).toThrow(/unrecognised/);
  });
});

describe('parseOptimalOrder', () => {
  test.each([
    ['struct {\n\tb int64\n\ta bool\n\tc bool\n}', ['b', 'a', 'c']],
    // multi-name fields come flattened (and lose their tag: the fix drops `x:"d"` of "d, e bool")
    ['struct {\n\tc int64\n\ta bool\n\tb bool\n\td bool\n\te bool\n}', ['c', 'a', 'b', 'd', 'e']],
    // embedded fields, named by type name
    ['struct {\n\t*Bad\n\tList[int]\n\tn int64\n\tsync.Mutex\n\tflag bool\n\tok   bool\n}', ['Bad', 'List', 'n', 'Mutex', 'flag', 'ok']],
    // nested struct types are skipped over
    ['struct {\n\tp     *int\n\tinner struct {\n\t\tx bool\n\t\ty int64\n\t\tz bool\n\t}\n\tb int32\n\ta bool\n}', ['p', 'inner', 'b', 'a']],
    // blank and zero-size fields
    ['struct {\n\t_ [0]func()\n\t_ int64\n\ta bool\n\tc bool\n}', ['_', '_', 'a', 'c']],
    ['struct {\n\tc [0]int64\n\tz struct{}\n\ta int64\n\tb bool\n}', ['c', 'z', 'a', 'b']],
    // tags, including braces and backquotes inside strings
    ['struct {\n\tName string `json:"name,omitempty" x:"{"`\n\tsync.Mutex `tag:"}"`\n\tN int\n}', ['Name', 'Mutex', 'N']],
    // function and map types with parentheses and brackets
    ['struct {\n\tfn func(a, b int) (x, y string)\n\tm  map[string][2]struct{ a, b int }\n\tpkg.T[K, V]\n}', ['fn', 'm', 'T']],
    // multi-name lines are accepted too, though fieldalignment never prints them
    ['struct {\n\ta, b bool\n\tc int\n}', ['a', 'b', 'c']],
    ['struct {\n\t*pkg.Ptr\n\tε float64\n}', ['Ptr', 'ε']],
    ['struct{}', []],
  ])('%j', (text, want) => {
    expect(parseOptimalOrder(text)).toEqual(want);
  });

  test('embeddedFieldName', () => {
    expect(embeddedFieldName('*pkg.List[T]')).toBe('List');
    expect(embeddedFieldName('atomic.Int64')).toBe('Int64');
    expect(embeddedFieldName('Mutex')).toBe('Mutex');
  });
});

describe('parseFieldalignmentJson on real output', () => {
  test('edge module, amd64', () => {
    const { records, errors } = parseFieldalignmentJson(golden('edgemod-amd64.json'), '/ROOT');
    expect(errors).toEqual([]);
    expect(records.length).toBe(31);
    // Files are relative to the module root; positions are those of the `struct` keyword.
    const bad = byName(records, 'Bad');
    expect(bad).toMatchObject({ package: 'example.com/edge', file: 'edge.go', line: 9, column: 10, key: 'edge.go:9:10', kind: 'size', size: 24, optimalSize: 16 });
    expect(bad.optimalOrder).toEqual(['b', 'a', 'c']);
    expect(byName(records, 'Loose').file).toBe('sub/sub.go');
    // Anonymous structs are called "struct"; a struct nested in a named one is reported on its own.
    const anon = records.filter((r) => r.name === 'struct').map((r) => r.key);
    expect(anon).toEqual(expect.arrayContaining(['edge.go:39:8', 'edge.go:95:12', 'more.go:71:11', 'more.go:76:9', 'more.go:81:7', 'more.go:89:12']));
    // Types declared inside functions, generic types, fixed-layout structs and cgo files are all reported.
    expect(byName(records, 'local').key).toBe('edge.go:102:13');
    expect(byName(records, 'List').optimalOrder).toEqual(['v', 'next', 'n', 'ok']);
    expect(byName(records, 'Host').optimalOrder).toEqual(['_', 'b', 'a', 'c']);
    expect(byName(records, 'Fixed').kind).toBe('size');
    expect(byName(records, 'WithC').file).toBe('cgo.go');
    expect(byName(records, 'PtrTail')).toMatchObject({ kind: 'pointers', ptrBytes: 24, optimalPtrBytes: 8 });
    // The fix replaces exactly the struct type: from the `struct` keyword to the closing brace.
    const src = readFileSync(path.join(EDGE, 'edge.go'));
    expect(src.subarray(bad.fixStart, bad.fixStart + 6).toString()).toBe('struct');
    expect(src.subarray(bad.fixEnd - 1, bad.fixEnd).toString()).toBe('}');
  });

  test('edge module, 386: figures follow fieldalignment’s 32-bit model', () => {
    const { records } = parseFieldalignmentJson(golden('edgemod-386.json'), '/ROOT');
    expect(byName(records, 'Only386')).toMatchObject({ size: 20, optimalSize: 16, sizeClass: 24 });
    // fieldalignment aligns atomic.Int64 to 4 on 386 (the compiler: 8) — see sizeof-oracle.test.ts.
    expect(byName(records, 'At')).toMatchObject({ size: 16, optimalSize: 12 });
    expect(records.some((r) => r.name === 'WithC')).toBe(false); // cgo is off when cross-compiling
  });

  test('every optimal order is a permutation of the struct’s fields (structdecls on the same files)', async () => {
    const { records } = parseFieldalignmentJson(golden('edgemod-amd64.json'), EDGE.replace(/.*/, '/ROOT'));
    const files = [...new Set(records.map((r) => path.join(EDGE, r.file)))];
    const decls = new Map((await listStructDecls(files, EDGE)).map((d) => [`${d.file}:${d.line}:${d.column}`, d]));
    for (const r of records) {
      const d = decls.get(r.key);
      expect(d, r.key).toBeDefined();
      expect(d!.name).toBe(r.name);
      expect([...r.optimalOrder].sort()).toEqual([...d!.fields].sort());
    }
  });

  test('standard library (database/sql, go/ast), amd64', () => {
    const { records } = parseFieldalignmentJson(golden('std-sql-ast-amd64.json'), '/ROOT');
    expect(records.length).toBe(58);
    expect(byName(records, 'Comment')).toMatchObject({ file: 'go/ast/ast.go', line: 68, column: 14, ptrBytes: 16, optimalPtrBytes: 8 });
    expect(byName(records, 'Comment').optimalOrder).toEqual(['Text', 'Slash']);
    // The anonymous struct in database/sql (Tx.stmts' element) is reported as "struct".
    expect(records.filter((r) => r.name === 'struct').map((r) => r.key)).toEqual(['database/sql/sql.go:2195:8']);
    expect(byName(records, 'DB').optimalOrder[0]).toBe('connector');
    for (const r of records) expect(r.optimalOrder.length).toBeGreaterThan(1);
  });

  test('go vet -vettool output (several JSON objects) parses to the same records plus test files', () => {
    const vet = parseFieldalignmentJson(golden('edgemod-amd64-vet.txt'), '/ROOT').records;
    const standalone = parseFieldalignmentJson(golden('edgemod-amd64.json'), '/ROOT').records;
    expect(vet.filter((r) => !r.file.endsWith('_test.go')).map((r) => [r.key, r.message, r.optimalOrder])).toEqual(
      standalone.map((r) => [r.key, r.message, r.optimalOrder]),
    );
    expect(vet.filter((r) => r.file.endsWith('_test.go')).map((r) => r.name)).toEqual(['testOnly']);
  });
});

describe('fieldalignment, live', () => {
  test(`installs ${FIELDALIGNMENT_VERSION} built by the current toolchain`, async () => {
    const [tool, env] = await Promise.all([ensureFieldalignment(), goEnv()]);
    expect(tool.version).toBe(FIELDALIGNMENT_VERSION);
    expect(tool.goVersion).toBe(env.GOVERSION);
    expect(tool.path).toContain(path.join('node_modules', '.cache', 'heapwise-tools'));
  });

  test.each(['amd64', '386', 'arm64'] as const)('standalone and go vet -vettool agree on the edge module, %s', async (arch) => {
    const [a, b] = await Promise.all([
      runFieldalignment({ dir: EDGE, arch, patterns: ['./...'] }),
      runFieldalignment({ dir: EDGE, arch, patterns: ['./...'], via: 'vet' }),
    ]);
    const view = (rs: FaRecord[]) => rs.map((r) => `${r.key} ${r.message} [${r.optimalOrder.join(' ')}]`);
    expect(view(b.records)).toEqual(view(a.records));
    expect(a.records.length).toBeGreaterThan(20);
  });

  test('standalone and go vet -vettool agree on encoding/json and go/ast, 386', async () => {
    const dir = await stdRoot();
    const patterns = ['encoding/json', 'go/ast'];
    const a = await runFieldalignment({ dir, arch: '386', patterns });
    const b = await runFieldalignment({ dir, arch: '386', patterns, via: 'vet' });
    const view = (rs: FaRecord[]) => rs.map((r) => `${r.key} ${r.message} [${r.optimalOrder.join(' ')}]`);
    expect(view(b.records)).toEqual(view(a.records));
    expect(a.records.length).toBe(55);
    console.log(`fieldalignment encoding/json+go/ast GOARCH=386: standalone ${(a.durationMs / 1000).toFixed(1)} s, go vet ${(b.durationMs / 1000).toFixed(1)} s`);
  });
});
