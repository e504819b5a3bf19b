// Imports that the applied fixes left unused: a strconv fix that replaces a file's last
// fmt.Sprintf leaves `import "fmt"` behind, which the compiler rejects. Only imports used before
// the edits and unused after them are removed, so nothing the author wrote is second-guessed;
// an import whose package name heapwise cannot be sure of is never counted as used, hence
// never removed.
import type { Node, Parser } from 'web-tree-sitter';

export function dropOrphanedImports(parser: Parser, before: Buffer, after: Buffer): Buffer {
  const usedBefore = packageUses(parser, before.toString('utf8'));
  const text = after.toString('utf8');
  const tree = parser.parse(text);
  if (!tree) return after;
  try {
    const usedAfter = usesIn(tree.rootNode);
    const drop: { start: number; end: number }[] = [];
    for (const spec of tree.rootNode.descendantsOfType('import_spec')) {
      if (!spec) continue;
      const name = importName(spec);
      if (!name || !usedBefore.has(name) || usedAfter.has(name)) continue;
      // The whole line of the spec, or of `import "fmt"` when it stands alone.
      const decl = spec.parent?.type === 'import_spec_list' ? spec : spec.parent;
      if (!decl) continue;
      drop.push(lineOf(text, decl.startIndex, decl.endIndex));
    }
    if (drop.length === 0) return after;
    // tree-sitter indexes are UTF-16 offsets into the JS string: cut the string, then encode.
    let out = '';
    let at = 0;
    for (const d of drop.sort((a, b) => a.start - b.start)) {
      out += text.slice(at, d.start);
      at = d.end;
    }
    return Buffer.from(out + text.slice(at), 'utf8');
  } finally {
    tree.delete();
  }
}

function packageUses(parser: Parser, text: string): Set<string> {
  const tree = parser.parse(text);
  if (!tree) return new Set();
  try {
    return usesIn(tree.rootNode);
  } finally {
    tree.delete();
  }
}

/** Names used as a package: `fmt` in fmt.Sprintf(...) and in fmt.Stringer. */
function usesIn(root: Node): Set<string> {
  const names = new Set<string>();
  for (const n of root.descendantsOfType(['selector_expression', 'qualified_type'])) {
    const operand = n?.type === 'selector_expression' ? n.childForFieldName('operand') : n?.childForFieldName('package');
    if (operand && (operand.type === 'identifier' || operand.type === 'package_identifier')) names.add(operand.text);
  }
  return names;
}

/** The name an import spec binds: its alias, else the path's last element (std's rule). */
function importName(spec: Node): string | undefined {
  const alias = spec.childForFieldName('name')?.text;
  if (alias === '_' || alias === '.') return undefined;
  if (alias) return alias;
  const path = spec.childForFieldName('path')?.text.slice(1, -1) ?? '';
  return path.slice(path.lastIndexOf('/') + 1) || undefined;
}

/** From the start of the line holding [start, end) to just past its newline. */
function lineOf(text: string, start: number, end: number): { start: number; end: number } {
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', end);
  return { start: from, end: nl < 0 ? text.length : nl + 1 };
}
