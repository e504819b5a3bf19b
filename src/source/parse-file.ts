// One file from disk to declarations: read, skim, parse what is needed, extract.
import type { Parser } from 'web-tree-sitter';
import { extractDecls } from './extract.js';
import type { FileDecls } from './model.js';
import { readSource } from './read.js';
import { compact, skim, toOriginal, type DeclRange } from './skim.js';

/**
 * `structs`: what struct-padding and type sizes need (imports, types, and functions or vars that
 * contain a struct type with fields; const and var groups are left for later, on demand).
 * `structs+syntax`: the same, after a full parse of the file that only looks for syntax errors
 * (function bodies included), for modules small enough to afford it.
 * `types`: only imports and types (a dependency whose types are needed for sizes).
 * `all`: the whole file.
 */
export type ParseMode = 'types' | 'structs' | 'structs+syntax' | 'all';

export function parseFile(parser: Parser, path: string, mode: ParseMode): FileDecls {
  const text = readSource(path);
  const whole = [{ start: 0, end: text.length }];
  if (mode === 'all') return parseRanges(parser, path, text, whole, [], true);
  if (mode === 'structs+syntax' && hasSyntaxError(parser, text)) return parseRanges(parser, path, text, whole, []);
  const { decls, unclosedAt } = skim(text);
  if (unclosedAt !== undefined) {
    // Let the parser describe the problem on the whole file.
    return parseRanges(parser, path, text, [{ start: 0, end: text.length }], []);
  }
  const now: DeclRange[] = [];
  const later: DeclRange[] = [];
  for (const d of decls) {
    if (needNow(d, mode)) now.push(d);
    else if (d.kind === 'const' || d.kind === 'var') later.push(d);
  }
  return parseRanges(parser, path, text, now, later);
}

function needNow(d: DeclRange, mode: ParseMode): boolean {
  switch (d.kind) {
    case 'package':
    case 'import':
    case 'type':
      return true;
    case 'func':
    case 'var':
    case 'const':
      return (mode === 'structs' || mode === 'structs+syntax') && d.hasStruct;
    default:
      return false;
  }
}

function hasSyntaxError(parser: Parser, text: string): boolean {
  const tree = parser.parse(text);
  if (!tree) return true;
  try {
    return tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

/** Parses some declarations of a file (UTF-16 ranges of `text`). */
export function parseRanges(
  parser: Parser,
  path: string,
  text: string,
  ranges: { start: number; end: number }[],
  lazy: { start: number; end: number }[],
  withFunctions = false,
): FileDecls {
  const c = compact(text, ranges);
  const tree = parser.parse(c.text);
  if (!tree) throw new Error(`tree-sitter could not parse ${path}`);
  try {
    const decls = extractDecls(tree, path, text, (i) => toOriginal(c, i), withFunctions);
    decls.lazy = lazy.map((r) => ({ start: r.start, end: r.end }));
    decls.bytes = Buffer.byteLength(text, 'utf8');
    return decls;
  } finally {
    tree.delete();
  }
}
