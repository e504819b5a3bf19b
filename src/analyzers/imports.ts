// An edit that adds an import to a file, where gofmt would put it (in sorted order in the
// first import group), or nothing when the file already imports the path.
import type { TextEdit } from '../core/finding.js';
import type { SyntaxFile } from '../source/syntax.js';

export function importEdit(file: SyntaxFile, relPath: string, importPath: string): TextEdit[] | undefined {
  if ([...file.imports.values()].includes(importPath)) return [];
  const decl = file.all('import_declaration')[0];
  if (!decl) {
    const pkg = file.root.namedChildren.find((n) => n?.type === 'package_clause');
    if (!pkg) return undefined;
    const at = file.end(pkg).offset;
    return [{ file: relPath, start: at, end: at, newText: `\n\nimport "${importPath}"` }];
  }
  const specs = decl.descendantsOfType('import_spec').filter((s) => s !== null);
  const grouped = decl.children.some((c) => c?.type === '(');
  if (!grouped) {
    // import "x" -> import (\n\t"x"\n\t"y"\n), sorted.
    const paths = [...specs.map((s) => s!.text), `"${importPath}"`].sort((a, b) => pathOf(a).localeCompare(pathOf(b)));
    return [{ file: relPath, start: file.pos(decl).offset, end: file.end(decl).offset, newText: `import (\n${paths.map((p) => `\t${p}`).join('\n')}\n)` }];
  }
  // Into the first group (up to the first blank line), before the first spec that sorts after it.
  const text = file.text;
  const firstGroup = specs.filter((s, i) => i === 0 || !/\n\s*\n/.test(text.slice(specs[i - 1]!.endIndex, s!.startIndex)));
  const after = firstGroup.find((s) => pathOf(s!.text) > importPath);
  if (after) {
    const at = file.pos(after).offset;
    return [{ file: relPath, start: at, end: at, newText: `"${importPath}"\n\t` }];
  }
  const last = firstGroup[firstGroup.length - 1]!;
  const at = file.end(last).offset;
  return [{ file: relPath, start: at, end: at, newText: `\n\t"${importPath}"` }];
}

function pathOf(spec: string): string {
  return /"([^"]*)"/.exec(spec)?.[1] ?? spec;
}
