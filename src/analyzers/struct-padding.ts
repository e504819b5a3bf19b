// struct-padding: fields whose order leaves alignment padding, or makes the GC scan further.
import type { Parser } from 'web-tree-sitter';
import { findUnkeyedLiterals, type LiteralUse, type NamesByPackage } from '../source/literals.js';
import { goParser } from '../source/parser.js';
import { sizeClass } from '../types/size-classes.js';
import type { PackageScope } from '../types/program.js';
import type { AnalysedStruct } from '../types/structs.js';
import { docsUrl, type Analyzer, type Pass } from './analyzer.js';
import { renderReordered } from './struct-padding-reorder.js';

const doc = `Reports a struct whose fields, reordered, make it smaller or make the garbage collector
scan fewer bytes of it.

The compiler lays fields out in the order they are written and aligns each one, so a bool
between two int64 fields costs 8 bytes, not 1. Every instance carries the padding: each
element of a slice, each map entry, each heap object. Heap objects are rounded up to the
allocator's size classes, so the figure that counts is the size class (a 40-byte struct
occupies 48 bytes). The message gives both the size and the size class, like fieldalignment.

"Pointer bytes" are the leading bytes of an object that may hold pointers: the GC scans an
object only up to its last pointer, so putting pointer fields first shortens the scan.

The fix reorders the fields into the order golang.org/x/tools fieldalignment computes (zero-size
fields first, then by alignment, pointers first), keeping doc comments, line comments, tags
and embedded fields. It is not offered when a composite literal lists the type's fields
without keys (Point{1, 2}): reordering would change its meaning; nor when something may read
the fields in declaration order: struct tags other than the order-free kinds (json, yaml, db,
protobuf...: a kafka: or asn1: tag may define a wire format), a fixed-size struct in a package
that imports encoding/binary, or a cast from unsafe.Pointer to the type.

Not reported: structs already optimal, structs whose size cannot be known (type parameters,
cgo types), and layouts fixed on purpose: a "_ structs.HostLayout" field or a
"//heapwise:layout fixed" line in the type's doc comment (binary formats, shared memory,
atomics that must stay 64-bit aligned on 32-bit platforms).

Beware: the most compact order can put two fields written by different goroutines on the
same cache line (false sharing); keep such fields apart and mark the type fixed.`;

export const structPadding: Analyzer = {
  id: 'struct-padding',
  title: 'struct fields ordered so that padding or GC scan bytes are wasted',
  doc,
  url: docsUrl('struct-padding'),
  severity: 'info',
  run(pass) {
    const flagged = pass.structs.filter((s) => !s.info.unknown && !s.info.layoutFixed && isFlagged(s));
    const unkeyed = unkeyedUses(pass, flagged);
    const atomics = new Map<PackageScope, Set<string>>();
    const layoutReaders = new Map<PackageScope, LayoutReaders>();
    for (const s of flagged) {
      if (!atomics.has(s.scope)) atomics.set(s.scope, atomicallyAccessedFields(pass, s.scope));
      if (!layoutReaders.has(s.scope)) layoutReaders.set(s.scope, layoutReadersOf(pass, s.scope));
      report(pass, s, unkeyed, atomics.get(s.scope)!, layoutReaders.get(s.scope)!);
    }
  },
};

/**
 * fieldalignment flags any difference; with the compiler's alignments (align64 on 32-bit
 * platforms) its order can come out no better, or worse, so only real improvements count.
 */
function isFlagged(s: AnalysedStruct): boolean {
  const i = s.info;
  return i.optimalSize < i.size || (i.optimalSize === i.size && i.optimalPtrBytes < i.ptrBytes);
}

let parser: Parser | undefined;
/** The grammar is loaded before analyzers run (analyze.ts); this only picks it up. */
export async function preparePadding(): Promise<void> {
  parser = await goParser();
}

/** Unkeyed literals of the flagged named types anywhere in the module, by `package.Name`. */
function unkeyedUses(pass: Pass, flagged: AnalysedStruct[]): Map<string, LiteralUse[]> {
  if (!parser) return new Map();
  const names: NamesByPackage = new Map();
  for (const s of flagged) {
    if (s.info.name === 'struct' || s.decl.scope >= 0) continue; // anonymous and local types have no literal elsewhere
    const set = names.get(s.scope.pkg.importPath) ?? new Set<string>();
    set.add(s.info.name);
    names.set(s.scope.pkg.importPath, set);
  }
  return findUnkeyedLiterals(parser, pass.modulePackages, names, pass.read);
}

/**
 * Fields passed to sync/atomic's 64-bit functions (`atomic.AddInt64(&c.n, 1)`) in the package.
 * On 386 and arm such a field must sit at an offset divisible by 8, which Go guarantees only
 * for the first word of an allocated struct: moving it elsewhere can crash at run time.
 * Matched by field name, which errs on the side of withholding a fix.
 */
function atomicallyAccessedFields(pass: Pass, scope: PackageScope): Set<string> {
  const names = new Set<string>();
  const call = /\batomic\.(?:Add|Load|Store|Swap|CompareAndSwap|And|Or)(?:Int64|Uint64)\(\s*&\s*[\w.]*?\.(\w+)\s*[,)]/g;
  for (const f of scope.pkg.files) {
    for (const m of pass.read(f).matchAll(call)) names.add(m[1]!);
  }
  return names;
}

function report(pass: Pass, s: AnalysedStruct, unkeyed: Map<string, LiteralUse[]>, atomicFields: Set<string>, readers: LayoutReaders): void {
  const i = s.info;
  const message = describe(i.name, i.size, i.optimalSize, i.ptrBytes, i.optimalPtrBytes);
  const uses = i.name !== 'struct' ? unkeyed.get(`${i.package}.${i.name}`) : undefined;
  const savedBytes = i.size - i.optimalSize;
  const finding: Parameters<Pass['report']>[0] = {
    message,
    file: i.file,
    line: i.line,
    column: i.column,
    endLine: i.line,
    endColumn: i.column + 'struct'.length,
    severity: sizeClassOf(i.size) !== sizeClassOf(i.optimalSize) ? 'warning' : 'info',
    data: {
      size: i.size,
      optimalSize: i.optimalSize,
      sizeClass: i.sizeClass ?? null,
      optimalSizeClass: i.optimalSizeClass ?? null,
      savedBytes,
      wasteBytes: sizeClassOf(i.size) - sizeClassOf(i.optimalSize),
      ptrBytes: i.ptrBytes,
      optimalPtrBytes: i.optimalPtrBytes,
      optimalOrder: i.optimalOrder,
    },
  };
  const atomic = s.info.fields.find((f, index) => atomicFields.has(f.name) && /^u?int64$/.test(f.type) && s.order[0] !== index);
  const ordered = atomic ? undefined : orderMatters(s, readers);
  if (atomic) {
    finding.noFixReason = `${atomic.name} is updated with sync/atomic's 64-bit functions and must stay 8-byte aligned on 32-bit platforms; the optimal order moves it from the first place, so reorder by hand (or use atomic.Int64, which aligns itself)`;
  } else if (ordered) {
    finding.noFixReason = ordered;
  } else if (uses && uses.length > 0) {
    const first = uses[0]!;
    const rel = first.file.startsWith(pass.module.root) ? first.file.slice(pass.module.root.length + 1) : first.file;
    finding.noFixReason = `${i.name} is built with an unkeyed composite literal (${rel}:${first.line}${
      uses.length > 1 ? ` and ${uses.length - 1} more` : ''
    }); reordering the fields would change its meaning, so reorder by hand and add field keys`;
  } else {
    finding.fix = {
      message: 'Reorder fields (comments and tags kept)',
      edits: [{ file: i.file, start: s.decl.bodyStart, end: s.decl.bodyEnd, newText: renderReordered(s.decl, s.order) }],
    };
  }
  pass.report(finding);
}

/**
 * Struct tags whose encoders do not depend on field order: the names they encode by are in the
 * tags (or the field names), and readers look fields up by name or number. Any other tag may
 * belong to a codec that writes fields in declaration order (segmentio/kafka-go's `kafka:`
 * wire format, asn1, msgpack's as_array, XML sequences, BSON documents compared as a whole).
 */
const orderFreeTags = new Set([
  'json', 'yaml', 'toml', 'mapstructure', 'env', 'envconfig', 'envDefault', 'default', 'validate', 'binding',
  'form', 'query', 'uri', 'header', 'param', 'url', 'schema', 'db', 'gorm', 'sql', 'pg', 'bun', 'ch',
  'description', 'example', 'doc', 'jsonschema', 'protobuf', 'protobuf_key', 'protobuf_val', 'protobuf_oneof',
  'hcl', 'cty', 'koanf', 'arg', 'short', 'long', 'help', 'flag', 'usage', 'required', 'choice',
]);

/**
 * Why reordering may change what the struct means to code that reads its layout: a codec that
 * follows field order, encoding/binary (fixed-size structs in a package that imports it), or a
 * cast from unsafe.Pointer. The finding stays; the fix is withheld with this reason.
 */
function orderMatters(s: AnalysedStruct, readers: LayoutReaders): string | undefined {
  const keys = new Set<string>();
  for (const f of s.decl.fields) for (const k of tagKeys(f.tag)) keys.add(k);
  const ordered = [...keys].filter((k) => !orderFreeTags.has(k));
  if (ordered.length > 0) {
    return `its fields carry ${ordered.map((k) => `${k}:`).join(', ')} tags, whose codec may write the fields in declaration order (a wire or file format); reorder by hand if the order does not matter to it`;
  }
  if (s.info.ptrBytes === 0 && readers.importsBinary) {
    return `${s.info.name} holds fixed-size fields only and its package imports encoding/binary, which reads and writes struct fields in declaration order; reorder by hand if it is never encoded`;
  }
  if (readers.unsafeCasts.has(s.info.name)) {
    return `${s.info.name} is read through an unsafe.Pointer cast, which depends on its field offsets; reorder by hand if the memory it points at follows`;
  }
  return undefined;
}

/** What in a package reads struct layouts: encoding/binary, and the types cast from unsafe.Pointer. */
interface LayoutReaders {
  importsBinary: boolean;
  unsafeCasts: Set<string>;
}

/** One scan of the package's files for every struct of it (kafka-go's protocol package has dozens). */
function layoutReadersOf(pass: Pass, scope: PackageScope): LayoutReaders {
  const readers: LayoutReaders = { importsBinary: false, unsafeCasts: new Set() };
  for (const f of scope.pkg.files) {
    const text = pass.read(f);
    readers.importsBinary ||= /^\s*(?:import\s+)?(?:\w+\s+)?"encoding\/binary"/m.test(text);
    for (const m of text.matchAll(/\(\*(\w+)\)\(\s*unsafe\.Pointer/g)) readers.unsafeCasts.add(m[1]!);
  }
  return readers;
}

/** The keys of a struct tag literal (`json:"id" kafka:"min=v0"` -> json, kafka). */
function tagKeys(tag: string | undefined): string[] {
  if (!tag) return [];
  const body = tag.startsWith('`') ? tag.slice(1, -1) : tag.slice(1, -1).replace(/\\"/g, '"');
  return [...body.matchAll(/(?:^|\s)([^\s:"]+):"/g)].map((m) => m[1]!);
}

/** fieldalignment's message (v0.52.0), word for word, then what the reorder buys. */
export function describe(name: string, size: number, optimalSize: number, ptrBytes: number, optimalPtrBytes: number): string {
  if (size > optimalSize) {
    let m = `${name} has size ${size}`;
    const cls = sizeClassOf(size);
    if (size > 32768) m += ' (uses global allocator)';
    else if (cls !== size) m += ` (allocator size class ${cls})`;
    m += ` but the optimal size is ${optimalSize}`;
    const optCls = sizeClassOf(optimalSize);
    if (optimalSize <= 32768 && optCls !== optimalSize) m += ` (allocator size class ${optCls})`;
    const waste = cls - optCls;
    if (waste > 0) m += ` leading to a waste of ${waste} bytes (${Math.trunc((waste * 100) / cls)}%)`;
    return `${m}; reordering the fields saves ${size - optimalSize} bytes per instance`;
  }
  return `${name} has ${ptrBytes} leading bytes of pointer data but optimal value is ${optimalPtrBytes}; reordering the fields shortens the GC's scan of each object by ${ptrBytes - optimalPtrBytes} bytes`;
}

/** The bytes an object of this size occupies (itself above 32 KiB, as fieldalignment counts). */
function sizeClassOf(size: number): number {
  return sizeClass(size) ?? size;
}
