// Finds composite literals that list field values without keys (`Point{1, 2}`): reordering the
// fields of such a type silently changes what those literals mean, or breaks the build.
import { readFileSync } from 'node:fs';
import type { Node, Parser } from 'web-tree-sitter';
import { PositionMap } from './positions.js';
import { compact, skim, toOriginal } from './skim.js';

export interface LiteralUse {
  file: string;
  line: number;
}

/**
 * Type names -> unkeyed literal uses. Matching is by type name, not by package: a same-named
 * type elsewhere also withholds the fix, which errs on the safe side.
 */
export function findUnkeyedLiterals(
  parser: Parser,
  files: string[],
  names: Set<string>,
  /** Only `pkg.Name{` counts (files of other packages, which must qualify the name). */
  qualified: boolean,
  found = new Map<string, LiteralUse[]>(),
): Map<string, LiteralUse[]> {
  if (names.size === 0) return found;
  const alternatives = [...names].map((n) => n.replace(/[^\w]/g, '')).join('|');
  // Only files that may hold an unkeyed literal are parsed. The name must stand where an
  // expression can start (after = ( , : { & ] ]* or return/case): \`if ok {\` is a block, not a
  // literal. Go forbids mixing keyed and unkeyed elements, so a first element written
  // \`Ident:\` means keyed.
  const prefilter = new RegExp(
    `(?:^|[=(,:{&]|\\]\\*?|\\breturn|\\bcase)\\s*(?:[A-Za-z_]\\w*\\.)${qualified ? '' : '?'}(?:${alternatives})` +
      // type arguments, then the brace; (?=(\\s*))\\1 skips blanks without backtracking into them.
      `\\s*(?:\\[[^\\]]*\\]\\s*)?\\{(?=(\\s*))\\1(?!\\}|[A-Za-z_]\\w*\\s*:(?!=))`,
    'gm',
  );
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    // Parse only the declarations where the pattern matched, not the whole file.
    const hits: number[] = [];
    prefilter.lastIndex = 0;
    for (let m = prefilter.exec(text); m; m = prefilter.exec(text)) hits.push(m.index);
    if (hits.length === 0) continue;
    const ranges = skim(text).decls.filter((d) => hits.some((h) => h >= d.start && h < d.end));
    const c = compact(text, ranges.length > 0 ? ranges : [{ start: 0, end: text.length }]);
    const tree = parser.parse(c.text);
    if (!tree) continue;
    try {
      const positions = new PositionMap(text);
      for (const lit of tree.rootNode.descendantsOfType('composite_literal')) {
        if (!lit) continue;
        const typeNode = lit.childForFieldName('type');
        const body = lit.childForFieldName('body');
        if (!typeNode || !body) continue;
        const record = (name: string, at: Node) => {
          if (!names.has(name)) return;
          const uses = found.get(name) ?? [];
          uses.push({ file, line: positions.pos(toOriginal(c, at.startIndex)).line });
          found.set(name, uses);
        };
        const direct = typeName(typeNode);
        if (direct && isUnkeyed(body)) record(direct, lit);
        // []T{{...}}, map[K]T{k: {...}}: element literals with the type left out.
        const elem = elementTypeName(typeNode);
        if (elem) {
          for (const inner of elidedLiterals(body)) if (isUnkeyed(inner)) record(elem, inner);
        }
      }
    } finally {
      tree.delete();
    }
  }
  return found;
}

function typeName(t: Node): string | undefined {
  switch (t.type) {
    case 'type_identifier':
      return t.text;
    case 'qualified_type':
      return t.childForFieldName('name')?.text;
    case 'generic_type': {
      const base = t.childForFieldName('type');
      return base ? typeName(base) : undefined;
    }
  }
  return undefined;
}

function elementTypeName(t: Node): string | undefined {
  let elem: Node | null = null;
  if (t.type === 'slice_type' || t.type === 'array_type' || t.type === 'implicit_length_array_type') {
    elem = t.childForFieldName('element');
  } else if (t.type === 'map_type') {
    elem = t.childForFieldName('value');
  }
  if (!elem) return undefined;
  if (elem.type === 'pointer_type') elem = elem.namedChildren[0] ?? null;
  return elem ? typeName(elem) : undefined;
}

/** literal_value children written without a type: `{...}` elements and values of `k: {...}`. */
function elidedLiterals(body: Node): Node[] {
  const out: Node[] = [];
  for (const el of body.namedChildren) {
    if (!el) continue;
    const value = el.type === 'keyed_element' ? el.namedChildren[el.namedChildren.length - 1] : el;
    const inner = value?.type === 'literal_element' ? value.namedChildren[0] : value;
    if (inner?.type === 'literal_value') out.push(inner);
  }
  return out;
}

function isUnkeyed(body: Node): boolean {
  return body.namedChildren.some((c) => c?.type === 'literal_element');
}
