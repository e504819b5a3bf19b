// unbounded-cache: a long-lived map that only ever gets new entries.
import type { Node } from 'web-tree-sitter';
import { enclosingFunction, type SyntaxFile } from '../source/syntax.js';
import { declarationOf, isString } from '../types/local.js';
import { docsUrl, type Analyzer } from './analyzer.js';
import { report } from './body.js';
import { fromFixedSet } from './fixed-keys.js';

const doc = `Reports a map that lives as long as the program, a package-level variable, a map field
of a package-level variable, or a map field of a mutex-guarded type written by its methods (a
cache, a memo, a registry of sessions: shared between goroutines, so long-lived), when entries
are added outside initialisation and nothing in the package ever removes them: no delete, no
clear, no replacement of the map after construction. A sync.Map held in the same places counts
too, filled by LoadOrStore (or Store after a missed Load) and never Deleted from.

Memory then grows with the number of distinct keys the program ever sees. With keys such as
request IDs, user input or object versions, that is a leak in slow motion.

heapwise reports the cache shape: an entry added right after a lookup of the same key
missed (memo, get-or-create), an entry grown from itself (m[k] = append(m[k], v)), or a
counter bumped per key (m[k]++), whose keys come from the traffic.

Fix: bound it: an LRU with a size limit, expiry (TTL), a size budget in bytes, or delete the
entries when their owner goes away.

heapwise cannot know how many distinct keys the traffic brings; it looks at string-keyed
maps only (names, paths, IDs) and says so at info level. A map keyed by a small fixed set is
fine: mark it //heapwise:ignore unbounded-cache <why>.

Not reported: maps keyed by anything but strings (per-type caches and the like are bounded by
the program's own objects), maps filled only in init functions or constructors (a fixed key
set), keys from a fixed set the code spells out (a string constant, a local assigned only
constants, a switch on the key that returns on anything else), inserts after a check of the
map's size (len(m) >= max, or n := len(m) then n >= max: the author bounded it), maps that are deleted from,
cleared or replaced somewhere in the package, registries that refuse a name already there (an
error or a panic on a lookup hit: each name is registered once), and maps only read.`;

export const unboundedCache: Analyzer = {
  id: 'unbounded-cache',
  title: 'long-lived map that only grows',
  doc,
  url: docsUrl('unbounded-cache'),
  severity: 'info',
  needs: 'bodies',
  run(pass) {
    for (const scope of pass.packages) {
      const files = scope.pkg.files.map((f) => pass.syntax(f)).filter((f): f is SyntaxFile => f !== undefined);
      const seen = new PackageScan(collectMaps(files));
      for (const file of files) seen.scan(file);
      for (const [key, at] of seen.inserts) {
        if (seen.removed.has(key) || seen.removed.has(key.replace(/^field:[^.]+\./, 'field:*.'))) continue;
        report(pass, at.file, at.node, {
          message: `${at.what} gets new entries here and nothing in the package ever removes them (no delete, clear or reset): it grows with every distinct key; bound it (LRU, TTL, size limit)`,
        });
      }
    }
  },
};

/** What one package does to its long-lived maps: where each first gets a new key, and which are ever emptied. */
class PackageScan {
  readonly inserts = new Map<string, { file: SyntaxFile; node: Node; what: string }>();
  readonly removed = new Set<string>();
  /** Every name a long-lived map goes by: only those are worth resolving on removal. */
  private readonly names: Set<string>;

  constructor(private readonly maps: { maps: Places; syncMaps: Places }) {
    this.names = mapNames(maps);
  }

  scan(file: SyntaxFile): void {
    for (const call of file.all('call_expression')) this.call(file, call);
    // m[k]++ adds keys just like m[k] = v.
    for (const inc of file.all('inc_statement')) {
      const left = inc.namedChildren[0];
      const place = left?.type === 'index_expression' ? insertKey(file, inc, left, this.maps.maps) : undefined;
      if (place && !fromFixedSet(inc, left!) && !sizeChecked(file, inc, left!)) this.insert(place, file, inc);
    }
    for (const a of file.all('assignment_statement')) this.assignment(file, a);
  }

  /** delete(m, k), clear(m), and sync.Map's Delete... remove; its LoadOrStore and Store add. */
  private call(file: SyntaxFile, call: Node): void {
    const fn = call.childForFieldName('function');
    const arg = call.childForFieldName('arguments')?.namedChildren[0];
    if ((fn?.text === 'delete' || fn?.text === 'clear') && arg) this.removal(arg);
    const method = fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text : undefined;
    const target = fn?.childForFieldName('operand');
    if (!method || !target) return;
    if (syncMapRemovals.has(method)) this.removal(target);
    else if (method === 'LoadOrStore' || method === 'Store') {
      const fnNode = enclosingFunction(call);
      const place = isSetup(fnNode) ? undefined : keyOf(file, target, fnNode, this.maps.syncMaps);
      if (place && syncMapGrows(file, call, method)) this.insert(place, file, call);
    }
  }

  /** m[k] = v after a lookup of m[k] (or m[k] += n) adds; m = ... outside set-up replaces. */
  private assignment(file: SyntaxFile, a: Node): void {
    const left = a.childForFieldName('left')?.namedChildren[0];
    const op = a.childForFieldName('operator')?.text;
    if (!left || (op !== '=' && !(op === '+=' && left.type === 'index_expression'))) return;
    const fnNode = enclosingFunction(a);
    if (left.type !== 'index_expression') {
      // The map is replaced: it can be emptied. A func literal in a constructor (a janitor
      // goroutine, a reload callback) runs later, so it counts.
      if (fnNode?.type === 'func_literal' || !isSetup(fnNode)) this.removal(left);
      return;
    }
    const place = insertKey(file, a, left, this.maps.maps);
    if (place && (op === '+=' || lookedUpFirst(a, left, fnNode)) && !fromFixedSet(a, left) && !sizeChecked(file, a, left) && !refusesDuplicates(a, left, fnNode)) this.insert(place, file, a);
  }

  private insert(place: Place, file: SyntaxFile, node: Node): void {
    if (!this.inserts.has(place.key)) this.inserts.set(place.key, { file, node, what: place.what });
  }

  private removal(target: Node): void {
    const name = target.type === 'selector_expression' ? target.childForFieldName('field')?.text : target.text;
    if (name && this.names.has(name)) this.removed.add(keyOfTarget(target, this.maps));
  }
}

/** Long-lived string-keyed maps (`maps`) and sync.Maps (`syncMaps`) of a package, by how they are reached. */
interface Places {
  /** Package-level variables. */
  vars: Set<string>;
  /** Fields by struct type, for methods of mutex-guarded types (or any type, for sync.Map). */
  fields: Map<string, Set<string>>;
  /**
   * Fields by package-level variable of a struct type (agents.memo of var agents =
   * &uaParser{...}), with the type's name (the variable's own for an anonymous struct type).
   */
  varFields: Map<string, { type: string; fields: Set<string> }>;
  /** Package-level variables of a named struct type, by name: what their fields' removals touch. */
  varTypes: Map<string, string>;
}

/** A long-lived map: `var:name` or `field:Type.f` identifies it; `what` names it for the message. */
interface Place {
  key: string;
  what: string;
}

function collectMaps(files: SyntaxFile[]): { maps: Places; syncMaps: Places } {
  const varTypes = new Map<string, string>();
  const maps: Places = { vars: new Set(), fields: new Map(), varFields: new Map(), varTypes };
  const syncMaps: Places = { vars: new Set(), fields: new Map(), varFields: new Map(), varTypes };
  // Every struct type's map and sync.Map fields, and whether a mutex guards it.
  const structs = new Map<string, { guarded: boolean; maps: Set<string>; syncMaps: Set<string> }>();
  for (const file of files) {
    for (const spec of file.all('type_spec')) {
      const st = spec.childForFieldName('type');
      if (st?.type === 'struct_type' && !enclosingFunction(spec)) structs.set(spec.childForFieldName('name')?.text ?? '', fieldsOf(file, st));
    }
  }
  for (const [name, s] of structs) {
    // Only types guarded by a mutex: shared between goroutines, so living beyond one call. A
    // parser's or a printer's maps die with the parse; heapwise cannot tell those apart otherwise.
    if (s.guarded && s.maps.size > 0) maps.fields.set(name, s.maps);
    // A sync.Map exists to be shared between goroutines: the type holding one is long-lived.
    if (s.syncMaps.size > 0) syncMaps.fields.set(name, s.syncMaps);
  }
  for (const file of files) {
    for (const spec of file.all('var_spec')) {
      if (enclosingFunction(spec)) continue;
      const t = spec.childForFieldName('type');
      const v = spec.childForFieldName('value')?.namedChildren[0];
      const written = t ?? (v?.type === 'composite_literal' ? v.childForFieldName('type') : v?.type === 'call_expression' ? v.childForFieldName('arguments')?.namedChildren[0] : v?.type === 'unary_expression' ? v.namedChildren[0]?.childForFieldName('type') : undefined);
      const names = spec.childrenForFieldName('name').filter((n): n is Node => n !== null).map((n) => n.text);
      const struct = written?.type === 'struct_type' ? fieldsOf(file, written) : written?.type === 'type_identifier' ? structs.get(written.text) : undefined;
      for (const n of names) {
        if (isStringKeyedMap(written)) maps.vars.add(n);
        if (isSyncMap(file, written)) syncMaps.vars.add(n);
        const type = written?.type === 'type_identifier' ? written.text : n;
        if (written?.type === 'type_identifier') varTypes.set(n, written.text);
        if (struct?.maps.size) maps.varFields.set(n, { type, fields: struct.maps });
        if (struct?.syncMaps.size) syncMaps.varFields.set(n, { type, fields: struct.syncMaps });
      }
    }
  }
  return { maps, syncMaps };
}

function fieldsOf(file: SyntaxFile, st: Node): { guarded: boolean; maps: Set<string>; syncMaps: Set<string> } {
  const out = { guarded: /\bsync\.(RW)?Mutex\b/.test(st.text), maps: new Set<string>(), syncMaps: new Set<string>() };
  for (const f of st.descendantsOfType('field_declaration')) {
    const t = f?.childForFieldName('type');
    const into = isStringKeyedMap(t) ? out.maps : isSyncMap(file, t) ? out.syncMaps : undefined;
    for (const n of f?.childrenForFieldName('name') ?? []) if (n && into) into.add(n.text);
  }
  return out;
}

/**
 * Keyed by strings: names, paths, IDs, what traffic brings. Maps keyed by types or pointers
 * (per-type caches, per-connection state) are bounded by the program's own objects.
 */
/** Every name a long-lived map goes by in the package: variables and fields. */
function mapNames(maps: { maps: Places; syncMaps: Places }): Set<string> {
  const names = new Set<string>();
  for (const p of [maps.maps, maps.syncMaps]) {
    for (const v of p.vars) names.add(v);
    for (const fields of p.fields.values()) for (const f of fields) names.add(f);
    for (const { fields } of p.varFields.values()) for (const f of fields) names.add(f);
  }
  return names;
}

function isStringKeyedMap(t: Node | null | undefined): boolean {
  return t?.type === 'map_type' && t.childForFieldName('key')?.text === 'string';
}

function isSyncMap(file: SyntaxFile, t: Node | null | undefined): boolean {
  const sync = [...file.imports].find(([, path]) => path === 'sync')?.[0];
  return sync !== undefined && t?.text === `${sync}.Map`;
}

/** sync.Map methods that remove keys (or all of them). */
const syncMapRemovals = new Set(['Delete', 'LoadAndDelete', 'CompareAndDelete', 'Clear']);

/**
 * A sync.Map call that adds a string key in the cache shape: LoadOrStore is get-or-create by
 * itself; Store counts after a Load of the same key in the function missed.
 */
function syncMapGrows(file: SyntaxFile, call: Node, method: string): boolean {
  const key = call.childForFieldName('arguments')?.namedChildren[0];
  if (!key || !isString(file, key)) return false;
  if (method === 'LoadOrStore') return true;
  const target = call.childForFieldName('function')?.childForFieldName('operand')?.text;
  const fn = enclosingFunction(call);
  return (fn?.descendantsOfType('call_expression') ?? []).some((c) => c !== null && c.startIndex < call.startIndex && c.childForFieldName('function')?.text === `${target}.Load` && c.childForFieldName('arguments')?.namedChildren[0]?.text === key.text);
}

/** The map an insert (m[k] = v, m[k]++) writes to, outside set-up code. */
function insertKey(file: SyntaxFile, stmt: Node, left: Node, maps: Places): Place | undefined {
  const target = left.childForFieldName('operand');
  const fn = enclosingFunction(stmt);
  return target && !isSetup(fn) ? keyOf(file, target, fn, maps) : undefined;
}

/** The long-lived map an insert target inside a function is, if it is one. */
function keyOf(file: SyntaxFile, target: Node, fn: Node | undefined, places: Places): Place | undefined {
  const isLocal = (name: string) => fn !== undefined && file.localNames(fn).has(name);
  if (target.type === 'identifier') return places.vars.has(target.text) && !isLocal(target.text) ? { key: `var:${target.text}`, what: `package-level map ${target.text}` } : undefined;
  if (target.type !== 'selector_expression' || !fn) return undefined;
  const operand = target.childForFieldName('operand')?.text ?? '';
  const field = target.childForFieldName('field')?.text ?? '';
  const viaVar = places.varFields.get(operand);
  if (viaVar?.fields.has(field) && !isLocal(operand)) return { key: `field:${viaVar.type}.${field}`, what: `map field ${operand}.${field}` };
  const recvType = receiverType(fn, operand);
  if (!recvType || !places.fields.get(recvType)?.has(field)) return undefined;
  return { key: `field:${recvType}.${field}`, what: `map field ${recvType}.${field}` };
}

/** The type of the method's receiver when `name` is the receiver. */
function receiverType(fn: Node, name: string): string | undefined {
  if (fn.type !== 'method_declaration') return undefined;
  const recv = fn.childForFieldName('receiver')?.namedChildren.find((p) => p?.type === 'parameter_declaration');
  if (recv?.childrenForFieldName('name')[0]?.text !== name) return undefined;
  return recv.childForFieldName('type')?.text.replace(/^\*/, '').replace(/\[.*$/, '');
}

/**
 * What a delete, clear or assignment touches, as a key that matches inserts: a variable by
 * name, a field of a type when the operand's type shows (the receiver, a package-level
 * variable, a local made from a literal of the type: c := &cache{...}), else any field of that
 * name.
 */
function keyOfTarget(n: Node, maps: { maps: Places }): string {
  if (n.type !== 'selector_expression') return `var:${n.text}`;
  const field = n.childForFieldName('field')?.text;
  const operand = n.childForFieldName('operand');
  const fn = enclosingFunction(n);
  if (operand?.type !== 'identifier' || !fn) return `field:*.${field}`;
  for (let f: Node | undefined = fn; f; f = enclosingFunction(f)) {
    const recv = receiverType(f, operand.text);
    if (recv) return `field:${recv}.${field}`;
  }
  const local = declarationOf(operand);
  if (!local) {
    const v = maps.maps.varFields.get(operand.text)?.type ?? maps.maps.varTypes.get(operand.text);
    return v ? `field:${v}.${field}` : `field:*.${field}`;
  }
  const literal = local.value?.type === 'unary_expression' ? local.value.namedChildren[0] : local.value;
  const type = literal?.type === 'composite_literal' ? literal.childForFieldName('type') : local.type;
  const name = type?.text.replace(/^\*/, '');
  return name && /^\w+$/.test(name) ? `field:${name}.${field}` : `field:*.${field}`;
}

/**
 * The insert follows a lookup of the same key in the same function (v, ok := m[k]; ...
 * m[k] = v): a cache, memo or get-or-create, whose keys come from the traffic. A plain store
 * written in one place and read in others is a data structure, not a cache.
 */
function lookedUpFirst(assign: Node, left: Node, fn: Node | undefined): boolean {
  if (!fn) return false;
  // Before the store, or on its right: m[k] = append(m[k], v) reads the entry it grows.
  const right = assign.childForFieldName('right');
  const before = (ix: Node) => ix.startIndex < assign.startIndex || (right !== null && ix.startIndex >= right.startIndex && ix.endIndex <= right.endIndex);
  return fn.descendantsOfType('index_expression').some((ix) => ix !== null && before(ix) && ix.text === left.text);
}

/**
 * The lookup before the store refuses a key already there with an error or a panic (if _, ok :=
 * m[name]; ok { return fmt.Errorf("%q already registered", name) }): a registry of names the
 * program registers once each (encoders, sink factories, codecs), not a cache of the traffic.
 * A cache returns what it found (return v, nil) instead.
 */
function refusesDuplicates(assign: Node, left: Node, fn: Node | undefined): boolean {
  if (!fn) return false;
  return fn.descendantsOfType('if_statement').some((stmt) => {
    if (!stmt || stmt.startIndex > assign.startIndex) return false;
    const test = [stmt.childForFieldName('initializer'), stmt.childForFieldName('condition')];
    if (!test.some((t) => t?.descendantsOfType('index_expression').some((ix) => ix?.text === left.text))) return false;
    // The block's statements sit in a statement_list.
    const body = stmt.childForFieldName('consequence');
    const statements = (body?.namedChildren ?? []).flatMap((c) => (c?.type === 'statement_list' ? c.namedChildren : [c]));
    return statements.some((c) => c !== null && c !== undefined && refuses(c));
  });
}

function refuses(stmt: Node): boolean {
  if (stmt.type === 'expression_statement') return /^panic\(/.test(stmt.text);
  if (stmt.type !== 'return_statement') return false;
  const results = stmt.namedChildren[0]?.namedChildren ?? [];
  const last = results[results.length - 1];
  if (!last) return false;
  if (last.type === 'call_expression') return /^(fmt\.Errorf|errors\.New)$/.test(last.childForFieldName('function')?.text ?? '');
  return last.type === 'identifier' && /^(err|Err)\w*$/.test(last.text);
}

/**
 * The function compares the map's size before adding (if len(c.m) >= c.max { ... }): the
 * author bounded it, whether by refusing, evicting or resetting.
 */
function sizeChecked(file: SyntaxFile, stmt: Node, left: Node): boolean {
  const map = left.childForFieldName('operand')?.text;
  const fn = enclosingFunction(stmt);
  if (!map || !fn) return false;
  const before = file.text.slice(fn.startIndex, stmt.startIndex);
  if (comparedToLimit(before, `len(${map})`)) return true;
  // Or through a local: n := len(m); if n > max { panic(...) } (go-chi's method registry).
  const len = new RegExp(`\\b(\\w+)\\s*:?=\\s*len\\(${map.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`, 'g');
  return [...before.matchAll(len)].some((m) => comparedToLimit(before.slice(m.index + m[0].length), m[1]!, true));
}

/** `what` (len(m), or a word) compared with something other than 0 in `text`. */
function comparedToLimit(text: string, what: string, word = false): boolean {
  for (let at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
    if (word && (/\w/.test(text[at - 1] ?? '') || /\w/.test(text[at + what.length] ?? ''))) continue;
    // Against a limit, not against 0 (if len(m) == 0 only asks whether it is empty).
    if (/^\s*(<|<=|>|>=|==)\s*(?!0\b)[\w.(]/.test(text.slice(at + what.length)) || /(?<!\b0\s*)(<|<=|>|>=|==)\s*$/.test(text.slice(0, at))) return true;
  }
  return false;
}

/** init functions and constructors (New..., or functions returning the type) set maps up. */
function isSetup(fn: Node | undefined): boolean {
  if (!fn) return true;
  if (fn.type === 'func_literal') return isSetup(enclosingFunction(fn));
  const name = fn.childForFieldName('name')?.text ?? '';
  return name === 'init' || /^[Nn]ew/.test(name);
}
