// unbounded-cache: a long-lived map that only ever gets new entries.
import type { Node } from 'web-tree-sitter';
import { enclosingFunction, type SyntaxFile } from '../source/syntax.js';
import { docsUrl, type Analyzer } from './analyzer.js';
import { report } from './body.js';

const doc = `Reports a map that lives as long as the program, a package-level variable or a map field
of a mutex-guarded type written by its methods (a cache, a memo, a registry of sessions: shared
between goroutines, so long-lived), when entries are
added outside initialisation and nothing in the package ever removes them: no delete, no
clear, no replacement of the map after construction.

Memory then grows with the number of distinct keys the program ever sees. With keys such as
request IDs, user input or object versions, that is a leak in slow motion.

heapwise reports the cache shape: an entry added right after a lookup of the same key
missed (memo, get-or-create), whose keys come from the traffic.

Fix: bound it: an LRU with a size limit, expiry (TTL), a size budget in bytes, or delete the
entries when their owner goes away.

heapwise cannot know how many distinct keys the traffic brings; it looks at string-keyed
maps only (names, paths, IDs) and says so at info level. A map keyed by a small fixed set is
fine: mark it //heapwise:ignore unbounded-cache <why>.

Not reported: maps keyed by anything but strings (per-type caches and the like are bounded by
the program's own objects), maps filled only in init functions or constructors (a fixed key set), maps that
are deleted from, cleared or replaced somewhere in the package, and maps only read.`;

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
      const mapVars = new Set<string>();
      const mapFields = new Map<string, Set<string>>(); // struct type -> its map fields
      for (const file of files) collectMaps(file, mapVars, mapFields);
      const removed = new Set<string>();
      const inserts = new Map<string, { file: SyntaxFile; node: Node }>();
      for (const file of files) {
        for (const call of file.all('call_expression')) {
          const fn = call.childForFieldName('function')?.text;
          const arg = call.childForFieldName('arguments')?.namedChildren[0];
          if ((fn === 'delete' || fn === 'clear') && arg) removed.add(keyOfTarget(arg));
        }
        // m[k]++ and m[k] += n add keys just like m[k] = v.
        for (const inc of file.all('inc_statement')) {
          const left = inc.namedChildren[0];
          const target = left?.type === 'index_expression' ? left.childForFieldName('operand') : undefined;
          const fnNode = enclosingFunction(inc);
          if (!target || isSetup(fnNode)) continue;
          const key = keyOf(file, target, fnNode, mapVars, mapFields);
          if (key && !inserts.has(key)) inserts.set(key, { file, node: inc });
        }
        for (const a of file.all('assignment_statement')) {
          const left = a.childForFieldName('left')?.namedChildren[0];
          const op = a.childForFieldName('operator')?.text;
          if (!left || (op !== '=' && !(op === '+=' && left.type === 'index_expression'))) continue;
          const fnNode = enclosingFunction(a);
          const setup = isSetup(fnNode);
          if (left.type === 'index_expression') {
            const target = left.childForFieldName('operand');
            if (!target || setup) continue;
            const key = keyOf(file, target, fnNode, mapVars, mapFields);
            if (key && !inserts.has(key) && (op === '+=' || lookedUpFirst(a, left, fnNode))) inserts.set(key, { file, node: a });
          } else if (!setup) {
            removed.add(keyOfTarget(left)); // the map is replaced: it can be emptied
          }
        }
      }
      for (const [key, at] of inserts) {
        if (removed.has(key) || removed.has(key.replace(/^field:[^.]+\./, 'field:*.'))) continue;
        const what = key.startsWith('var:') ? `package-level map ${key.slice(4)}` : `map field ${key.slice(6)}`;
        report(pass, at.file, at.node, {
          message: `${what} gets new entries here and nothing in the package ever removes them (no delete, clear or reset): it grows with every distinct key; bound it (LRU, TTL, size limit)`,
        });
      }
    }
  },
};

/** Package-level map variables, and map fields by struct type. */
function collectMaps(file: SyntaxFile, vars: Set<string>, fields: Map<string, Set<string>>): void {
  for (const spec of file.all('var_spec')) {
    if (enclosingFunction(spec)) continue;
    const t = spec.childForFieldName('type');
    const v = spec.childForFieldName('value')?.namedChildren[0];
    const mapType = t ?? (v?.type === 'composite_literal' ? v.childForFieldName('type') : v?.type === 'call_expression' ? v.childForFieldName('arguments')?.namedChildren[0] : undefined);
    const isMap = isStringKeyedMap(mapType);
    if (isMap) for (const n of spec.childrenForFieldName('name')) if (n) vars.add(n.text);
  }
  for (const spec of file.all('type_spec')) {
    const st = spec.childForFieldName('type');
    if (st?.type !== 'struct_type' || enclosingFunction(spec)) continue;
    const name = spec.childForFieldName('name')?.text ?? '';
    // Only types guarded by a mutex: shared between goroutines, so living beyond one call. A
    // parser's or a printer's maps die with the parse; heapwise cannot tell those apart otherwise.
    if (!/\bsync\.(RW)?Mutex\b/.test(st.text)) continue;
    for (const f of st.descendantsOfType('field_declaration')) {
      if (!isStringKeyedMap(f?.childForFieldName('type'))) continue;
      for (const n of f.childrenForFieldName('name')) if (n) fields.set(name, (fields.get(name) ?? new Set()).add(n.text));
    }
  }
}

/**
 * Keyed by strings: names, paths, IDs, what traffic brings. Maps keyed by types or pointers
 * (per-type caches, per-connection state) are bounded by the program's own objects.
 */
function isStringKeyedMap(t: Node | null | undefined): boolean {
  return t?.type === 'map_type' && t.childForFieldName('key')?.text === 'string';
}

/** `var:name` or `field:Type.F` for an insert target inside a function. */
function keyOf(file: SyntaxFile, target: Node, fn: Node | undefined, vars: Set<string>, fields: Map<string, Set<string>>): string | undefined {
  if (target.type === 'identifier') return vars.has(target.text) && !(fn && file.localNames(fn).has(target.text)) ? `var:${target.text}` : undefined;
  if (target.type !== 'selector_expression' || !fn || fn.type !== 'method_declaration') return undefined;
  const recv = fn.childForFieldName('receiver')?.namedChildren.find((p) => p?.type === 'parameter_declaration');
  const recvName = recv?.childrenForFieldName('name')[0]?.text;
  const recvType = recv?.childForFieldName('type')?.text.replace(/^\*/, '').replace(/\[.*$/, '');
  const operand = target.childForFieldName('operand')?.text;
  const field = target.childForFieldName('field')?.text ?? '';
  if (!recvType || operand !== recvName || !fields.get(recvType)?.has(field)) return undefined;
  return `field:${recvType}.${field}`;
}

/** What a delete, clear or assignment touches, as a key that matches inserts: by name, or any field of that name. */
function keyOfTarget(n: Node): string {
  if (n.type === 'selector_expression') return `field:*.${n.childForFieldName('field')?.text}`;
  return `var:${n.text}`;
}

/**
 * The insert follows a lookup of the same key in the same function (v, ok := m[k]; ...
 * m[k] = v): a cache, memo or get-or-create, whose keys come from the traffic. A plain store
 * written in one place and read in others is a data structure, not a cache.
 */
function lookedUpFirst(assign: Node, left: Node, fn: Node | undefined): boolean {
  if (!fn) return false;
  return fn.descendantsOfType('index_expression').some((ix) => ix !== null && ix.startIndex < assign.startIndex && ix.text === left.text);
}

/** init functions and constructors (New..., or functions returning the type) set maps up. */
function isSetup(fn: Node | undefined): boolean {
  if (!fn) return true;
  if (fn.type === 'func_literal') return isSetup(enclosingFunction(fn));
  const name = fn.childForFieldName('name')?.text ?? '';
  return name === 'init' || /^[Nn]ew/.test(name);
}
