// prealloc-map: a map filled once per iteration of a loop of known length, made without a size hint.
import type { Node } from 'web-tree-sitter';
import { enclosingLoops } from '../source/syntax.js';
import { docsUrl, type Analyzer } from './analyzer.js';
import { eachFileOf, report } from './body.js';
import { declaredJustBefore, knownTripCount, unconditionalIn } from './prealloc.js';

const doc = `Reports a map made without a size hint and then filled with one entry per iteration of a
loop whose trip count is known before it starts.

A map grows by allocating a bigger table and moving every entry into it, again and again as
it fills: allocations, rehashing work and garbage, all avoidable when the final size is known.

Fix: make(map[K]V, len(items)).

Not reported: entries built from themselves (m[k] = append(m[k], v), m[k] = m[k] + n: the
loop groups or counts by a key that repeats, so the map ends with fewer entries than the loop
has iterations and a hint of the loop's length would over-allocate), inserts under a condition
(or after a continue, a break, or a return that keeps the collection; a return that abandons
it, return nil, err, does not count), loops of unknown length (channels, scanners), and maps
that come from elsewhere or are used between their declaration and the loop.`;

export const preallocMap: Analyzer = {
  id: 'prealloc-map',
  title: 'map filled in a loop of known length without a size hint',
  doc,
  url: docsUrl('prealloc-map'),
  severity: 'info',
  needs: 'bodies',
  run(pass) {
    for (const file of eachFileOf(pass)) {
      for (const a of file.all('assignment_statement')) {
        const target = insertedInto(a);
        const loop = target && enclosingLoops(a)[0];
        if (!target || !loop || !unconditionalIn(a, loop, target.text) || readsOwnEntry(a)) continue;
        const trips = knownTripCount(loop);
        const decl = trips && declaredJustBefore(file, target, loop);
        const type = decl && emptyMap(decl);
        if (!trips || !type) continue;
        report(pass, file, a, {
          message: `${target.text} gets one entry per iteration of a loop over ${trips.over} (length known) but is made without a size hint: make(${type}, ${trips.expr}) avoids the growth and rehashing`,
        });
      }
    }
  },
};

/** `m` of `m[k] = v`. */
function insertedInto(a: Node): Node | undefined {
  const left = a.childForFieldName('left')?.namedChildren ?? [];
  if (a.childForFieldName('operator')?.text !== '=' || left.length !== 1 || left[0]?.type !== 'index_expression') return undefined;
  const operand = left[0].childForFieldName('operand');
  return operand?.type === 'identifier' ? operand : undefined;
}

/** `m[k] = append(m[k], v)`, `m[k] = m[k] + 1`: the new value reads the entry it replaces. */
function readsOwnEntry(a: Node): boolean {
  const entry = a.childForFieldName('left')?.namedChildren[0]?.text;
  return a.childForFieldName('right')?.descendantsOfType('index_expression').some((ix) => ix?.text === entry) ?? false;
}

/** The map type, when the declaration makes an empty map without a hint: map[K]V{} or make(map[K]V). */
function emptyMap(decl: Node): string | undefined {
  const value = decl.type === 'short_var_declaration' ? decl.childForFieldName('right')?.namedChildren[0] : decl.childForFieldName('value')?.namedChildren[0];
  if (!value) return undefined;
  if (value.type === 'composite_literal') {
    const t = value.childForFieldName('type');
    const body = value.childForFieldName('body');
    return t?.type === 'map_type' && (body?.namedChildren.filter((c) => c?.type !== 'comment').length ?? 1) === 0 ? t.text : undefined;
  }
  if (value.type === 'call_expression' && value.childForFieldName('function')?.text === 'make') {
    const args = value.childForFieldName('arguments')?.namedChildren.filter((n) => n !== null) ?? [];
    if (args[0]?.type === 'map_type' && (args.length === 1 || (args.length === 2 && args[1]!.text === '0'))) return args[0].text;
  }
  return undefined;
}
