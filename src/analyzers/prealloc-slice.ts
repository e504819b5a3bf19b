// prealloc-slice: append once per iteration onto a slice made without capacity, when the
// number of iterations is known before the loop.
import type { Node } from 'web-tree-sitter';
import type { Fix } from '../core/finding.js';
import { enclosingLoops, type SyntaxFile } from '../source/syntax.js';
import { declarationOf } from '../types/local.js';
import { docsUrl, type Analyzer, type Pass } from './analyzer.js';
import { eachFileOf, report } from './body.js';
import { declaredJustBefore, knownTripCount, unconditionalIn, type TripCount } from './prealloc.js';

const doc = `Reports a slice that grows by append once per iteration of a loop whose trip count is
known before it starts (a range over a slice, array or map, or for i := 0; i < n; i++),
when the slice is declared empty right before the loop.

append doubles the backing array when it runs out of room (then grows by 1.25x for large
slices): about log2(n) allocations, each copying everything so far, and garbage for the GC.
With the capacity known up front there is one allocation.

Fix: make([]T, 0, len(items)) (offered as a suggested fix when the declaration is right before
the loop and the length expression is already in scope there).

Not reported: appends under a condition (or after a continue, a break, or a return that
keeps the collection; a return that abandons it, return nil, err, does not count) (how many survive is a judgment call), loops whose
trip count is unknown (channels, scanners, ranges over values of unknown type), and slices
that come from elsewhere (parameters, fields) or are used between their declaration and the
loop.`;

export const preallocSlice: Analyzer = {
  id: 'prealloc-slice',
  title: 'append in a loop of known length onto a slice without capacity',
  doc,
  url: docsUrl('prealloc-slice'),
  severity: 'info',
  needs: 'bodies',
  run(pass) {
    for (const file of eachFileOf(pass)) {
      for (const a of file.all('assignment_statement')) {
        const target = appendedTo(a);
        const loop = target && enclosingLoops(a)[0];
        if (!target || !loop || !unconditionalIn(a, loop, target.text)) continue;
        const known = knownTripCount(loop);
        const decl = known && declaredJustBefore(file, target, loop);
        const empty = decl && emptySlice(decl);
        if (!known || !decl || !empty) continue;
        // append(xs, a, b) adds two elements per iteration.
        const per = (a.childForFieldName('right')?.namedChildren[0]?.childForFieldName('arguments')?.namedChildCount ?? 2) - 1;
        const trips = per > 1 ? { ...known, expr: `${per}*${known.expr}` } : known;
        report(pass, file, a, {
          message: `${target.text} grows by append once per iteration of a loop over ${trips.over} (length known): make(${empty.type}, 0, ${trips.expr}) avoids ~log2(n) reallocations and copies`,
          fix: fixFor(pass, file, decl, empty, trips, loop),
        });
      }
    }
  },
};

/** `x` of `x = append(x, v...)` with a fixed number of values (not `append(x, ys...)`). */
function appendedTo(a: Node): Node | undefined {
  const left = a.childForFieldName('left')?.namedChildren ?? [];
  const right = a.childForFieldName('right')?.namedChildren ?? [];
  if (a.childForFieldName('operator')?.text !== '=' || left.length !== 1 || right.length !== 1) return undefined;
  const call = right[0]!;
  if (call.type !== 'call_expression' || call.childForFieldName('function')?.text !== 'append') return undefined;
  const args = call.childForFieldName('arguments')?.namedChildren.filter((n) => n !== null) ?? [];
  if (args.length < 2 || args[0]!.text !== left[0]!.text || left[0]!.type !== 'identifier') return undefined;
  if (call.childForFieldName('arguments')?.text.includes('...')) return undefined;
  return left[0]!;
}

interface EmptySlice {
  /** The slice type as written, e.g. `[]string`. */
  type: string;
  /** The node to replace for the fix, and whether the whole `var` statement goes. */
  replace: Node;
  wholeVar: boolean;
}

/** The declaration makes an empty slice without capacity: var x []T, x := []T{}, make([]T, 0). */
function emptySlice(decl: Node): EmptySlice | undefined {
  const type = decl.childForFieldName('type');
  const value = decl.type === 'short_var_declaration' ? decl.childForFieldName('right')?.namedChildren[0] : decl.childForFieldName('value')?.namedChildren[0];
  if (decl.type === 'short_var_declaration' && (decl.childForFieldName('left')?.namedChildCount ?? 0) !== 1) return undefined;
  if (!value) {
    if (type?.type !== 'slice_type' || decl.childrenForFieldName('name').length !== 1) return undefined;
    const stmt = decl.parent;
    const grouped = stmt?.children.some((c) => c?.type === '(');
    return stmt && !grouped ? { type: type.text, replace: stmt, wholeVar: true } : undefined;
  }
  if (value.type === 'composite_literal') {
    const t = value.childForFieldName('type');
    const body = value.childForFieldName('body');
    if (t?.type !== 'slice_type' || (body?.namedChildren.filter((c) => c?.type !== 'comment').length ?? 1) !== 0) return undefined;
    return { type: t.text, replace: value, wholeVar: false };
  }
  if (value.type === 'call_expression' && value.childForFieldName('function')?.text === 'make') {
    const args = value.childForFieldName('arguments')?.namedChildren.filter((n) => n !== null) ?? [];
    if (args[0]?.type !== 'slice_type' || args.length !== 2 || args[1]!.text !== '0') return undefined;
    return { type: args[0].text, replace: value, wholeVar: false };
  }
  return undefined;
}

function fixFor(pass: Pass, file: SyntaxFile, decl: Node, empty: EmptySlice, trips: TripCount, loop: Node): Fix | undefined {
  // The length expression must already be in scope where the slice is declared.
  for (const id of identifiersIn(loop)) {
    const d = declarationOf(id);
    if (!d || d.node.startIndex > decl.startIndex) return undefined;
  }
  const name = decl.type === 'short_var_declaration' ? decl.childForFieldName('left')!.text : decl.childrenForFieldName('name')[0]!.text;
  const make = `make(${empty.type}, 0, ${trips.expr})`;
  const start = file.pos(empty.replace).offset;
  const end = file.end(empty.replace).offset;
  return {
    message: `Preallocate: ${make}`,
    edits: [{ file: pass.relative(file.path), start, end, newText: empty.wholeVar ? `${name} := ${make}` : make }],
  };
}

/** The identifiers the trip count expression uses (the ranged-over variable or the bound). */
function identifiersIn(loop: Node): Node[] {
  const range = loop.namedChildren.find((c) => c?.type === 'range_clause');
  const source = range ? range.childForFieldName('right') : loop.namedChildren.find((c) => c?.type === 'for_clause')?.childForFieldName('condition')?.childForFieldName('right');
  if (!source) return [];
  const ids = source.type === 'identifier' ? [source] : source.descendantsOfType('identifier').filter((n): n is Node => n !== null);
  return ids.filter((id) => id.text !== 'len');
}
