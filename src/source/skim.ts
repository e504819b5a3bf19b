// A string- and comment-aware scan of a Go file (about 20x faster than a full parse) that
// splits it into top-level declarations and decides which of them the enabled analyzers need.
// Only those are given to tree-sitter, packed into a compact text with a map back to the
// original offsets, so every position stays exact.

export type DeclKind = 'package' | 'import' | 'type' | 'const' | 'var' | 'func' | 'other';

export interface DeclRange {
  kind: DeclKind;
  /** UTF-16 indexes in the original text; `end` is where the next declaration starts. */
  start: number;
  end: number;
  /** The declaration contains a struct type with fields (`struct{}` does not count). */
  hasStruct: boolean;
}

export interface Skim {
  decls: DeclRange[];
  /** Index where a brace, string or comment is never closed. */
  unclosedAt?: number;
}

const token = /[{}()[\]"'`]|\/[/*]|\b(?:package|import|type|const|var|func)\b/g;
const structWithFields = /\bstruct\s*\{\s*(?:\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*[^\s}/]/;

export function skim(text: string): Skim {
  const decls: DeclRange[] = [];
  let depth = 0;
  let current: DeclRange | undefined;
  const close = (at: number) => {
    if (current) {
      current.end = at;
      current.hasStruct = structWithFields.test(text.slice(current.start, at));
      decls.push(current);
    }
  };
  token.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = token.exec(text))) {
    const tok = m[0];
    const at = m.index;
    switch (tok[0]) {
      case '{':
      case '(':
      case '[':
        depth++;
        break;
      case '}':
      case ')':
      case ']':
        depth--;
        break;
      case '"':
      case "'":
      case '`':
      case '/': {
        const end = skipLiteral(text, at);
        if (end < 0) {
          close(text.length);
          return { decls, unclosedAt: at };
        }
        token.lastIndex = end;
        break;
      }
      default:
        // A keyword at nesting level 0 starts a new top-level declaration. Inside a
        // declaration at level 0 only `func` can appear again (a func type or literal in a
        // var), which must not split it; a keyword at the start of a line always does.
        if (depth !== 0) break;
        if (tok === 'func' && current && current.kind !== 'func' && !atLineStart(text, at)) break;
        if (current && current.kind === 'func' && tok === 'func' && !atLineStart(text, at)) break;
        close(commentStart(text, at));
        current = { kind: tok as DeclKind, start: commentStart(text, at), end: text.length, hasStruct: false };
        break;
    }
  }
  close(text.length);
  return { decls };
}

function atLineStart(text: string, at: number): boolean {
  for (let i = at - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/**
 * Where a declaration's doc comment starts: the comment lines directly above `at` belong to
 * the declaration (so `//heapwise:layout fixed` travels with its type).
 */
function commentStart(text: string, at: number): number {
  let start = lineStart(text, at);
  for (;;) {
    if (start === 0) return start;
    const prev = lineStart(text, start - 1);
    const line = text.slice(prev, start - 1).trim();
    if (!line.startsWith('//')) return start;
    start = prev;
  }
}

function lineStart(text: string, at: number): number {
  const nl = text.lastIndexOf('\n', at - 1);
  return nl + 1;
}

/** Index just past the string, rune or comment starting at `at`, or -1 if it never closes. */
export function skipLiteral(text: string, at: number): number {
  const c = text[at];
  if (c === '/') {
    if (text[at + 1] === '/') {
      const nl = text.indexOf('\n', at);
      return nl < 0 ? text.length : nl;
    }
    const close = text.indexOf('*/', at + 2);
    return close < 0 ? -1 : close + 2;
  }
  if (c === '`') {
    const close = text.indexOf('`', at + 1);
    return close < 0 ? -1 : close + 1;
  }
  // "..." or '...': escapes, and no newline inside.
  for (let i = at + 1; i < text.length; i++) {
    const d = text.charCodeAt(i);
    if (d === 92 /* \ */) i++;
    else if (d === 10) return -1;
    else if (text[i] === c) return i + 1;
  }
  return -1;
}

/** A compact text made of chosen declarations, and the way back to original offsets. */
export interface Compact {
  text: string;
  /** Sorted segment starts in the compact text, and the original index each maps to. */
  compactStarts: number[];
  originalStarts: number[];
}

export function compact(text: string, ranges: { start: number; end: number }[]): Compact {
  const parts: string[] = [];
  const compactStarts: number[] = [];
  const originalStarts: number[] = [];
  let length = 0;
  for (const r of ranges) {
    compactStarts.push(length);
    originalStarts.push(r.start);
    const part = text.slice(r.start, r.end);
    parts.push(part, '\n');
    length += part.length + 1;
  }
  return { text: parts.join(''), compactStarts, originalStarts };
}

export function toOriginal(c: Compact, index: number): number {
  const starts = c.compactStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= index) lo = mid;
    else hi = mid - 1;
  }
  return hi < 0 ? index : c.originalStarts[lo]! + (index - starts[lo]!);
}

const braceToken = /[{}"'`]|\/[/*]/g;

/** Index just past the `}` matching the `{` at `open` (strings, runes, comments skipped), or -1. */
export function matchBrace(text: string, open: number): number {
  let depth = 0;
  braceToken.lastIndex = open;
  for (let m = braceToken.exec(text); m; m = braceToken.exec(text)) {
    const c = m[0][0];
    if (c === '{') depth++;
    else if (c === '}') {
      if (--depth === 0) return m.index + 1;
    } else {
      const end = skipLiteral(text, m.index);
      if (end < 0) return -1;
      braceToken.lastIndex = end;
    }
  }
  return -1;
}
