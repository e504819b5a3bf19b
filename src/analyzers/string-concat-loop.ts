// string-concat-loop: s += x on a string that lives across the iterations of a loop.
import type { Node } from 'web-tree-sitter';
import { enclosingLoops, smallConstantTripCount } from '../source/syntax.js';
import { declarationOf, isString } from '../types/local.js';
import { docsUrl, type Analyzer } from './analyzer.js';
import { constantAt, eachFileOf, report } from './body.js';

const doc = `Reports a string built by concatenation in a loop (s += x, or s = s + x).

Go strings are immutable: each concatenation allocates a new string and copies everything
built so far. Over n iterations that is O(n²) bytes copied and n allocations, most of them
garbage at once.

Fix: a strings.Builder (call Grow first when the final size is known), or collect the parts
in a slice and strings.Join them.

Not reported: variables that are not strings (s += 1 on an int), strings declared inside the
loop body (they start over each iteration), and loops with a small constant trip count. When
heapwise cannot tell that the variable is a string, it says nothing.`;

export const stringConcatLoop: Analyzer = {
  id: 'string-concat-loop',
  title: 'string concatenation in a loop copies the whole string each time',
  doc,
  url: docsUrl('string-concat-loop'),
  severity: 'warning',
  needs: 'bodies',
  run(pass) {
    for (const file of eachFileOf(pass)) {
      for (const a of file.all('assignment_statement')) {
        const target = a && accumulated(a);
        if (!a || !target) continue;
        const loops = enclosingLoops(a);
        if (loops.length === 0 || smallConstantTripCount(loops[0]!, constantAt(pass, file, a))) continue;
        const decl = declarationOf(target);
        // Declared inside the innermost loop: it starts over every iteration.
        if (!decl || decl.node.startIndex > loops[0]!.startIndex) continue;
        if (!isString(file, target)) continue;
        report(pass, file, a, {
          message: `${target.text} is built by concatenation in a loop: each step allocates and copies the whole string so far (O(n²) bytes); use a strings.Builder or strings.Join`,
        });
      }
    }
  },
};

/** The variable of `s += x` or `s = s + x`, when the statement is one of those. */
function accumulated(a: Node): Node | undefined {
  const left = a.childForFieldName('left')?.namedChildren ?? [];
  const right = a.childForFieldName('right')?.namedChildren ?? [];
  if (left.length !== 1 || right.length !== 1 || left[0]?.type !== 'identifier') return undefined;
  const op = a.childForFieldName('operator')?.text;
  if (op === '+=') return left[0];
  if (op !== '=') return undefined;
  // s = s + a + b parses as (s + a) + b: the leftmost operand of the + chain is s.
  let r: Node | null = right[0]!;
  while (r?.type === 'binary_expression' && r.childForFieldName('operator')?.text === '+') r = r.childForFieldName('left');
  return r?.type === 'identifier' && r.text === left[0].text && right[0]!.type === 'binary_expression' ? left[0] : undefined;
}
