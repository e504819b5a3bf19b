// Finds composite literals that list field values without keys (`Point{1, 2}`): reordering the
// fields of such a type silently changes what those literals mean, or breaks the build.
//
// A regex finds the candidates (the type name where an expression can start, followed by a
// brace whose first element is not `Ident:`; Go forbids mixing keyed and unkeyed elements).
// Each candidate literal alone is then parsed by tree-sitter to decide. A type is looked for
// bare in its own package and as `alias.Name` only in files that import its package.
import type { Node, Parser } from 'web-tree-sitter';
import type { GoPackage } from '../go/list.js';
import { cacheGet, cacheKey, cachePut } from './cache.js';
import { PositionMap } from './positions.js';
import { matchBrace } from './skim.js';

export interface LiteralUse {
  file: string;
  line: number;
}

/** Flagged struct names by the import path of their package. */
export type NamesByPackage = Map<string, Set<string>>;

/** `importPath.Name` -> where an unkeyed literal of it is written. */
export function findUnkeyedLiterals(
  parser: Parser,
  modulePackages: GoPackage[],
  flagged: NamesByPackage,
  read: (file: string) => string,
): Map<string, LiteralUse[]> {
  const found = new Map<string, LiteralUse[]>();
  const exported = new Map<string, Set<string>>();
  for (const [path, names] of flagged) {
    const e = new Set([...names].filter((n) => /^\p{Lu}/u.test(n)));
    if (e.size > 0) exported.set(path, e);
  }
  const patterns = new PatternCache();
  // What the search looks for decides its result as much as the files do.
  const wanted = JSON.stringify([...flagged].map(([p, names]) => [p, [...names].sort()]).sort());
  for (const pkg of modulePackages) {
    const files = [...new Set([...pkg.files, ...pkg.testFiles])];
    const key = cacheKey('unkeyed literals', files, wanted, JSON.stringify(pkg.importMap));
    const cached = cacheGet<[string, LiteralUse[]][]>(key);
    if (cached) {
      for (const [k, uses] of cached) found.set(k, [...(found.get(k) ?? []), ...uses]);
      continue;
    }
    const inPackage = new Map<string, LiteralUse[]>();
    for (const file of files) {
      const searches: { path: string; names: Set<string>; qualifier?: string }[] = [];
      const own = flagged.get(pkg.importPath);
      if (own) searches.push({ path: pkg.importPath, names: own });
      if (exported.size === 0 && !own) continue;
      const text = read(file);
      if (exported.size > 0) {
        for (const imp of importsOf(text)) {
          const path = pkg.importMap[imp.path] ?? imp.path;
          const names = exported.get(path);
          if (!names || path === pkg.importPath) continue;
          if (imp.name === '_') continue;
          searches.push({ path, names, qualifier: imp.name === '.' ? undefined : (imp.name ?? lastElement(path)) });
        }
      }
      for (const s of searches) {
        const re = patterns.get(s.names, s.qualifier);
        re.lastIndex = 0;
        let positions: PositionMap | undefined;
        for (let m = re.exec(text); m; m = re.exec(text)) {
          const context = literalContext(text, m.index);
          if (context === undefined) continue;
          const name = m[1]!;
          const brace = m.index + m[0].length - 1;
          const elided = context === 'element';
          if (!isUnkeyedLiteral(parser, text, m.index + m[0].indexOf(name), brace, elided)) continue;
          positions ??= new PositionMap(text);
          const k = `${s.path}.${name}`;
          const uses = inPackage.get(k) ?? [];
          uses.push({ file, line: positions.pos(m.index).line });
          inPackage.set(k, uses);
        }
      }
    }
    cachePut(key, [...inPackage]);
    for (const [k, uses] of inPackage) found.set(k, [...(found.get(k) ?? []), ...uses]);
  }
  return found;
}

class PatternCache {
  private readonly cache = new Map<string, RegExp>();

  get(names: Set<string>, qualifier: string | undefined): RegExp {
    const key = `${qualifier ?? ''}|${[...names].join('|')}`;
    let re = this.cache.get(key);
    if (!re) {
      const alternatives = [...names].map((n) => n.replace(/[^\w]/g, '')).join('|');
      const qual = qualifier ? `${qualifier.replace(/[^\w]/g, '')}\\.` : '';
      re = new RegExp(
        // The name (qualified or not), type arguments and the brace, unless the first element
        // is `}` or written `Ident:`. (?=(\s*))\2 skips blanks atomically: a lookahead never
        // gives characters back. What stands before the name is checked by literalContext.
        `${qual}\\b(${alternatives})\\s*(?:\\[[^\\]]*\\]\\s*)?\\{(?!(?=(\\s*))\\2(?:\\}|[A-Za-z_]\\w*\\s*:(?!=)))`,
        'g',
      );
      this.cache.set(key, re);
    }
    return re;
  }
}

/**
 * Parses the literal starting at `nameAt` (its `{` at `brace`) on its own. `elided`: the name is
 * the element type of a slice, array or map literal (`[]T{{1, 2}}`), so its elements are checked.
 */
function isUnkeyedLiteral(parser: Parser, text: string, nameAt: number, brace: number, elided: boolean): boolean {
  if (!elided) return !firstElementKeyed(text, brace + 1);
  const end = matchBrace(text, brace);
  if (end < 0) return true; // cannot tell: withhold the fix
  const literal = text.slice(nameAt, end);
  const tree = parser.parse(`package p\nvar _ = ${elided ? '[]' : ''}${literal}\n`);
  if (!tree) return true;
  try {
    const lit = tree.rootNode.descendantsOfType('composite_literal')[0];
    const body = lit?.childForFieldName('body');
    if (!lit || !body) return true;
    return elidedLiterals(body).some(isUnkeyed);
  } finally {
    tree.delete();
  }
}

/**
 * A struct literal's keys are field names, and Go forbids mixing keyed and unkeyed elements,
 * so the first element decides: `}` (empty) or `Ident:` means no unkeyed values.
 */
function firstElementKeyed(text: string, from: number): boolean {
  let i = from;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else break;
  }
  return text[i] === '}' || /^[A-Za-z_]\w*\s*:(?!=)/.test(text.slice(i, i + 200));
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

/**
 * Whether a type name at `at` starts an expression: after = ( , : { & or return/case it is a
 * literal's type; after ] or ]* the element type of a slice, array or map literal. Anything
 * else (`if ok {`, `func f() T {`) is not a literal.
 */
function literalContext(text: string, at: number): 'literal' | 'element' | undefined {
  let i = at - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  if (i < 0) return 'literal';
  const c = text[i]!;
  if ('=(,:{&'.includes(c)) return 'literal';
  if (c === ']' || (c === '*' && text[i - 1] === ']')) return 'element';
  if (/\w/.test(c)) {
    const word = /\w+$/.exec(text.slice(Math.max(0, i - 10), i + 1))?.[0];
    if (word === 'return' || word === 'case') return 'literal';
  }
  return undefined;
}

/** Import specs from the top of a file, read with a regex: no need to parse for this. */
function importsOf(text: string): { name?: string; path: string }[] {
  const end = text.search(/^(?:func|type|var|const)\b/m);
  const head = end < 0 ? text : text.slice(0, end);
  const out: { name?: string; path: string }[] = [];
  for (const m of head.matchAll(/(?:^|[\s(])(?:(\w+|\.)\s+)?"([^"\n]+)"/g)) {
    if (m[1] === 'import' || m[1] === undefined) out.push({ path: m[2]! });
    else out.push({ name: m[1], path: m[2]! });
  }
  return out;
}

function lastElement(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
