// fmt-hot-loop: fmt.Sprintf / Sprint in a loop to format scalars or glue strings.
import type { Node } from 'web-tree-sitter';
import { callee, enclosingLoops, smallConstantTripCount } from '../source/syntax.js';
import type { Fix } from '../core/finding.js';
import type { SyntaxFile } from '../source/syntax.js';
import { declarationOf } from '../types/local.js';
import { docsUrl, type Analyzer, type Pass } from './analyzer.js';
import { importEdit } from './imports.js';
import { constantAt, eachFileOf, onExitPath, report } from './body.js';

const doc = `Reports fmt.Sprintf, fmt.Sprint and fmt.Sprintln called in a loop with nothing but plain
verbs (%d, %s, %v, %x with no width, precision or flags): formatting numbers or joining
strings, once per iteration.

fmt works by reflection on interface values: each argument is boxed into an any (an
allocation for most non-constant values), the format is interpreted at run time, and the
result is a new string. strconv and a strings.Builder do the same work without any of that.

Fix: strconv.Itoa / strconv.AppendInt / strconv.FormatFloat, a strings.Builder, or append
onto a reused []byte. fmt.Sprintf("%d", i) of an int gets a suggested fix to strconv.Itoa(i)
(with the import added where gofmt would put it).

Not reported: formats with widths, precision or flags (%5d, %.2f, %-10s, %q), where fmt's
clarity is the point, calls outside loops, loops with a small constant trip count, and calls on
the way out of the function (panic(fmt.Sprintf(...)), or in a block that ends in a return or a
panic): they run once, when the loop stops.`;

const plainFormat = /^"(?:[^%"\\]|\\.|%[dsvx])*"$/;

export const fmtHotLoop: Analyzer = {
  id: 'fmt-hot-loop',
  title: 'fmt.Sprintf / Sprint with plain verbs in a loop',
  doc,
  url: docsUrl('fmt-hot-loop'),
  severity: 'info',
  needs: 'bodies',
  run(pass) {
    for (const file of eachFileOf(pass)) {
      for (const call of file.all('call_expression')) {
        const name = callee(file, call);
        if (name !== 'fmt.Sprintf' && name !== 'fmt.Sprint' && name !== 'fmt.Sprintln') continue;
        const loops = enclosingLoops(call);
        if (loops.length === 0 || smallConstantTripCount(loops[0]!, constantAt(pass, file, call)) || onExitPath(call, loops[0]!)) continue;
        const args = call.childForFieldName('arguments')?.namedChildren.filter((n): n is Node => n !== null) ?? [];
        if (name === 'fmt.Sprintf' && !(args[0] && plainFormat.test(args[0].text))) continue;
        const short = name.replace('fmt.', '');
        report(pass, file, call, {
          message: `fmt.${short} in a loop boxes each argument into an interface and formats by reflection: ${suggestion(name, args)}`,
          fix: itoaFix(pass, file, name, call, args),
        });
      }
    }
  },
};

/**
 * fmt.Sprintf("%d", x) with x certainly an int -> strconv.Itoa(x), adding the import when
 * needed. Other integer types would need a conversion, other verbs other functions: no fix.
 */
function itoaFix(pass: Pass, file: SyntaxFile, name: string, call: Node, args: Node[]): Fix | undefined {
  if (name !== 'fmt.Sprintf' || args.length !== 2 || args[0]!.text !== '"%d"' || args[1]!.type !== 'identifier') return undefined;
  if (!isInt(args[1]!)) return undefined;
  const rel = pass.relative(file.path);
  const imports = importEdit(file, rel, 'strconv');
  if (!imports) return undefined;
  const alias = [...file.imports].find(([, p]) => p === 'strconv')?.[0] ?? 'strconv';
  return {
    message: `Use ${alias}.Itoa(${args[1]!.text})`,
    edits: [...imports, { file: rel, start: file.pos(call).offset, end: file.end(call).offset, newText: `${alias}.Itoa(${args[1]!.text})` }],
  };
}

/** Declared as an int, or the index of a range loop (always an int). */
function isInt(ident: Node): boolean {
  const d = declarationOf(ident);
  if (!d) return false;
  if (d.type) return d.type.text === 'int';
  if (d.node.type === 'range_clause') {
    const left = d.node.childForFieldName('left')?.namedChildren ?? [];
    const over = d.node.childForFieldName('right');
    const overDecl = over?.type === 'identifier' ? declarationOf(over) : undefined;
    const sliceOrArray = overDecl?.type?.type === 'slice_type' || overDecl?.type?.type === 'array_type';
    if (left[0]?.text === ident.text) return sliceOrArray;
    // The value of a range over []int.
    return left[1]?.text === ident.text && sliceOrArray && overDecl?.type?.childForFieldName('element')?.text === 'int';
  }
  return d.value?.type === 'int_literal';
}

function suggestion(name: string, args: Node[]): string {
  if (name === 'fmt.Sprintf' && args.length === 2 && args[0]!.text === '"%d"') return `strconv.Itoa(${args[1]!.text}) (for an int) does the same without allocating the box`;
  return 'use strconv for numbers and a strings.Builder (or append to a reused []byte) to join';
}
