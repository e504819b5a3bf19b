// Runs the reference analyzer, golang.org/x/tools fieldalignment (pinned in tools.ts), and turns
// its -json output into records the oracle tests compare heapwise's struct-padding with.
//
// What fieldalignment prints (v0.52.0), per struct type literal (*ast.StructType, named or not,
// anywhere, including inside functions), at the position of the `struct` keyword:
//
//   <Name> has size <S>[ (allocator size class <C>)| (uses global allocator)] but the optimal size
//   is <O>[ (allocator size class <OC>)][ leading to a waste of <W> bytes (<P>%)]
//
// when the size can shrink, else, when only the pointer prefix can shrink:
//
//   <Name> has <P> leading bytes of pointer data but optimal value is <OP>
//
// <Name> is the TypeSpec's name, or the word "struct" for an anonymous struct. The suggested fix
// replaces the whole struct type with the fields reordered, gofmt'ed, comments dropped, and
// multi-name fields ("a, b int") flattened one name per line (losing their tag).
import {
  type Arch,
  CommandError,
  archEnv,
  ensureFieldalignment,
  failureMessage,
  goBinary,
  parseConcatenatedJson,
  relativeTo,
  runCommand,
} from './tools.js';

// ---------------------------------------------------------------------------------------------
// Messages

export type FaKind = 'size' | 'pointers';

export interface FaMessage {
  name: string;
  kind: FaKind;
  /** Size-kind messages only (pointer-kind ones imply size === optimalSize, not printed). */
  size?: number;
  optimalSize?: number;
  /** Allocator size classes as printed; undefined when equal to the size or not printed. */
  sizeClass?: number;
  optimalSizeClass?: number;
  /** "(uses global allocator)": the size is above the largest size class (32 KiB). */
  usesGlobalAllocator?: boolean;
  wasteBytes?: number;
  wastePercent?: number;
  /** Pointer-kind messages only. */
  ptrBytes?: number;
  optimalPtrBytes?: number;
}

const SIZE_RE =
  /^(\S+) has size (\d+)(?: \(uses global allocator\)| \(allocator size class (\d+)\))? but the optimal size is (\d+)(?: \(allocator size class (\d+)\))?(?: leading to a waste of (\d+) bytes \((\d+)%\))?$/;
const PTR_RE = /^(\S+) has (\d+) leading bytes of pointer data but optimal value is (\d+)$/;

/** Parses one fieldalignment message; throws on text it does not recognise. */
export function parseFieldalignmentMessage(message: string): FaMessage {
  let m = SIZE_RE.exec(message);
  if (m) {
    const r: FaMessage = { name: m[1]!, kind: 'size', size: Number(m[2]), optimalSize: Number(m[4]) };
    if (message.includes(' (uses global allocator)')) r.usesGlobalAllocator = true;
    if (m[3] !== undefined) r.sizeClass = Number(m[3]);
    if (m[5] !== undefined) r.optimalSizeClass = Number(m[5]);
    if (m[6] !== undefined) {
      r.wasteBytes = Number(m[6]);
      r.wastePercent = Number(m[7]);
    }
    return r;
  }
  m = PTR_RE.exec(message);
  if (m) {
    return { name: m[1]!, kind: 'pointers', ptrBytes: Number(m[2]), optimalPtrBytes: Number(m[3]) };
  }
  throw new Error(`unrecognised fieldalignment message: ${JSON.stringify(message)}`);
}

// ---------------------------------------------------------------------------------------------
// Suggested fix → optimal field order

const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{Nd}_]/u;

function readIdent(s: string, i: number): [string, number] {
  let j = i;
  while (j < s.length && IDENT_PART.test(s[j]!)) j++;
  return [s.slice(i, j), j];
}

/** The implicit field name of an embedded field's type text: "*pkg.T[int]" → "T". */
export function embeddedFieldName(typeText: string): string {
  let s = typeText.trim();
  while (s.startsWith('*') || s.startsWith('(')) s = s.slice(1).trim();
  const [first, j] = readIdent(s, 0);
  if (!first) throw new Error(`cannot name embedded field of type ${JSON.stringify(typeText)}`);
  if (s[j] === '.') {
    const [second] = readIdent(s, j + 1);
    if (second) return second;
  }
  return first;
}

/**
 * The names of the top-level fields of a struct type as gofmt prints it (fieldalignment's
 * suggested-fix text), in order: embedded fields by their type name, blank fields "_".
 * Nested struct types, string/raw-string tags and comments are skipped over.
 */
export function parseOptimalOrder(newText: string): string[] {
  const s = newText;
  const open = s.indexOf('{');
  if (!/^\s*struct\s*\{/.test(s) || open < 0) throw new Error(`not a struct type: ${JSON.stringify(s.slice(0, 60))}`);
  // Split the body into top-level field declarations.
  const decls: string[] = [];
  let depth = 0; // nesting of (), [], {} inside the body
  let cur = '';
  let i = open + 1;
  const flush = () => {
    if (cur.trim() !== '') decls.push(cur);
    cur = '';
  };
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"' || c === '`' || c === "'") {
      // string, raw string or rune literal
      let j = i + 1;
      while (j < s.length && s[j] !== c) {
        if (c !== '`' && s[j] === '\\') j++;
        j++;
      }
      cur += s.slice(i, j + 1);
      i = j;
      continue;
    }
    if (c === '/' && s[i + 1] === '/') {
      const j = s.indexOf('\n', i);
      i = (j < 0 ? s.length : j) - 1; // the newline itself ends the declaration
      continue;
    }
    if (c === '/' && s[i + 1] === '*') {
      const j = s.indexOf('*/', i + 2);
      i = j < 0 ? s.length : j + 1;
      cur += ' ';
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        // the struct's closing brace
        flush();
        break;
      }
      depth--;
    }
    if (depth === 0 && (c === '\n' || c === ';')) {
      flush();
      continue;
    }
    cur += c;
  }
  if (i >= s.length) throw new Error(`unterminated struct type: ${JSON.stringify(s.slice(0, 60))}`);

  const names: string[] = [];
  for (const raw of decls) {
    const d = raw.trim();
    if (d.startsWith('*') || d.startsWith('(')) {
      names.push(embeddedFieldName(d));
      continue;
    }
    if (!IDENT_START.test(d[0]!)) throw new Error(`cannot parse field declaration ${JSON.stringify(d)}`);
    const [id, j] = readIdent(d, 0);
    const next = d[j];
    if (next === '.' || next === '[') {
      // Embedded pkg.T, T[args] or pkg.T[args]: gofmt separates a field name from its type
      // with blanks, so a name is never directly followed by "." or "[".
      names.push(embeddedFieldName(d));
      continue;
    }
    const rest = d.slice(j).trimStart();
    if (rest === '' || rest.startsWith('`') || rest.startsWith('"')) {
      names.push(id); // embedded T, possibly tagged
      continue;
    }
    if (rest.startsWith(',')) {
      // "a, b T" (fieldalignment flattens these, but accept them)
      const m = /^((?:[\p{L}_][\p{L}\p{Nd}_]*\s*,\s*)+[\p{L}_][\p{L}\p{Nd}_]*)\s/u.exec(d);
      if (!m) throw new Error(`cannot parse field declaration ${JSON.stringify(d)}`);
      names.push(...m[1]!.split(',').map((x) => x.trim()));
      continue;
    }
    names.push(id);
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// -json output

export interface FaJsonEdit {
  filename: string;
  start: number;
  end: number;
  new: string;
}

export interface FaJsonDiagnostic {
  posn: string;
  end?: string;
  message: string;
  suggested_fixes?: { message: string; edits: FaJsonEdit[] }[];
}

/** One struct fieldalignment flags. */
export interface FaRecord extends FaMessage {
  /** Package ID as the JSON keys it ("net/http", or "p [p.test]" for test variants). */
  package: string;
  /** Relative to the module root (GOROOT/src for std), forward slashes. */
  file: string;
  line: number;
  column: number;
  /** file:line:column — the identity used to compare with heapwise. */
  key: string;
  message: string;
  /** Field names in fieldalignment's optimal order (from the suggested fix). */
  optimalOrder: string[];
  /** The suggested fix's replacement text and the byte range it replaces. */
  newText: string;
  fixStart: number;
  fixEnd: number;
}

export interface FaParseResult {
  records: FaRecord[];
  /** Per-package analysis errors ({"error": …} entries). */
  errors: { package: string; error: string }[];
}

/** "file:line:col" → parts (the file may itself contain colons). */
export function splitPosn(posn: string): { file: string; line: number; column: number } {
  const m = /^(.*):(\d+):(\d+)$/.exec(posn);
  if (!m) throw new Error(`bad position ${JSON.stringify(posn)}`);
  return { file: m[1]!, line: Number(m[2]), column: Number(m[3]) };
}

export function structKey(file: string, line: number, column: number): string {
  return `${file}:${line}:${column}`;
}

/**
 * Parses fieldalignment -json output: one JSON object (standalone checker) or several in a row
 * (`go vet -json`), each {packageID: {"fieldalignment": [diagnostic…] | {"error": …}}}.
 * Records are deduplicated by position (test variants repeat a package's diagnostics) and sorted.
 */
export function parseFieldalignmentJson(text: string, moduleRoot: string): FaParseResult {
  const records = new Map<string, FaRecord>();
  const errors: FaParseResult['errors'] = [];
  for (const value of parseConcatenatedJson(text)) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
    for (const [pkg, byAnalyzer] of Object.entries(value as Record<string, Record<string, unknown>>)) {
      const v = byAnalyzer?.['fieldalignment'];
      if (v === undefined) continue;
      if (!Array.isArray(v)) {
        const err = (v as { error?: unknown }).error;
        errors.push({ package: pkg, error: typeof err === 'string' ? err : JSON.stringify(v) });
        continue;
      }
      for (const d of v as FaJsonDiagnostic[]) {
        const pos = splitPosn(d.posn);
        const file = relativeTo(moduleRoot, pos.file);
        const key = structKey(file, pos.line, pos.column);
        if (records.has(key)) continue;
        const edit = d.suggested_fixes?.[0]?.edits?.[0];
        if (!edit) throw new Error(`fieldalignment diagnostic without a suggested fix at ${d.posn}`);
        records.set(key, {
          ...parseFieldalignmentMessage(d.message),
          package: pkg,
          file,
          line: pos.line,
          column: pos.column,
          key,
          message: d.message,
          optimalOrder: parseOptimalOrder(edit.new),
          newText: edit.new,
          fixStart: edit.start,
          fixEnd: edit.end,
        });
      }
    }
  }
  const sorted = [...records.values()].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column,
  );
  return { records: sorted, errors };
}

// ---------------------------------------------------------------------------------------------
// Running it

export interface FaRunOptions {
  /** Working directory: the module root, or GOROOT/src for standard-library patterns. */
  dir: string;
  patterns: string[];
  arch: Arch;
  /** Root file paths are made relative to (default: dir). */
  moduleRoot?: string;
  /** Analyze test variants too (standalone: -test=true; vet always does). Default false. */
  tests?: boolean;
  /** 'standalone' (default, faster): fieldalignment -json; 'vet': go vet -vettool. */
  via?: 'standalone' | 'vet';
  timeoutMs?: number;
}

export interface FaRun extends FaParseResult {
  command: string;
  durationMs: number;
  stderr: string;
}

export async function runFieldalignment(o: FaRunOptions): Promise<FaRun> {
  const tool = await ensureFieldalignment();
  const env = await archEnv(o.arch);
  const via = o.via ?? 'standalone';
  const cmd = via === 'vet' ? goBinary() : tool.path;
  const args =
    via === 'vet'
      ? ['vet', `-vettool=${tool.path}`, '-json', ...o.patterns]
      : ['-json', `-test=${o.tests ? 'true' : 'false'}`, ...o.patterns];
  const r = await runCommand(cmd, args, { cwd: o.dir, env, timeoutMs: o.timeoutMs ?? 10 * 60_000 });
  // -json exits 0 with diagnostics; 1 means the packages could not be loaded or type-checked.
  // go vet -json prints to stdout (older go commands: stderr, after "# pkg" header lines).
  const text = via === 'vet' && r.stdout.trim() === '' ? r.stderr : r.stdout;
  if (r.timedOut || r.exitCode !== 0) {
    throw new CommandError(failureMessage(`fieldalignment (${via}, GOARCH=${o.arch})`, r), r);
  }
  let parsed: FaParseResult;
  try {
    parsed = parseFieldalignmentJson(text, o.moduleRoot ?? o.dir);
  } catch (e) {
    throw new CommandError(`cannot parse the output of ${r.command}: ${(e as Error).message}`, r);
  }
  if (via === 'vet' && !o.tests) {
    // vet analyses the test variant of each package; keep what the plain package has.
    parsed.records = parsed.records.filter((x) => !x.file.endsWith('_test.go'));
    parsed.records = parsed.records.filter((x) => !/_test(?: \[|$)/.test(x.package));
  }
  return { ...parsed, command: r.command, durationMs: r.durationMs, stderr: r.stderr };
}
