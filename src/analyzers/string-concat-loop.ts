// string-concat-loop: s += x on a string that lives across the iterations of a loop.
import type { Node } from 'web-tree-sitter';
import type { Fix, TextEdit } from '../core/finding.js';
import { enclosingFunction, enclosingLoops, smallConstantTripCount, type SyntaxFile } from '../source/syntax.js';
import { declarationOf, isString } from '../types/local.js';
import { docsUrl, type Analyzer, type Pass } from './analyzer.js';
import { importEdit } from './imports.js';
import { constantAt, eachFileOf, fieldTypeOf, report } from './body.js';

const doc = `Reports a string built by concatenation in a loop (s += x, or s = s + x), a variable's or
a string field's of a struct the package declares (d.text += line, when d stays the same
object through the loop).

Go strings are immutable: each concatenation allocates a new string and copies everything
built so far. Over n iterations that is O(n²) bytes copied and n allocations, most of them
garbage at once.

Fix: a strings.Builder (call Grow first when the final size is known), or collect the parts
in a slice and strings.Join them. When the variable starts empty and is only appended to with
+= and read, heapwise offers the rewrite to a strings.Builder as a suggested fix.

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
      const fixed = new Set<number>(); // declarations whose fix a finding already carries
      for (const a of file.all('assignment_statement')) {
        const field = a && accumulatedField(pass, file, a);
        if (field) {
          report(pass, file, a, {
            message: `${field.text} is built by concatenation in a loop: each step allocates and copies the whole string so far (O(n²) bytes); build it in a strings.Builder and assign it once`,
            noFixReason: `${field.text} is a field: other code may read it while it is built, so the rewrite is left to a person`,
          });
          continue;
        }
        const target = a && accumulated(a);
        if (!a || !target) continue;
        const loops = enclosingLoops(a);
        if (loops.length === 0 || smallConstantTripCount(loops[0]!, constantAt(pass, file, a))) continue;
        const decl = declarationOf(target);
        // Declared inside the innermost loop: it starts over every iteration.
        if (!decl || decl.node.startIndex > loops[0]!.startIndex) continue;
        if (!isString(file, target)) continue;
        const first = !fixed.has(decl.node.startIndex);
        const fix = first ? builderFix(pass, file, target, decl.node) : undefined;
        if (fix) fixed.add(decl.node.startIndex);
        report(pass, file, a, {
          message: `${target.text} is built by concatenation in a loop: each step allocates and copies the whole string so far (O(n²) bytes); use a strings.Builder or strings.Join`,
          ...(fix ? { fix } : !first ? { noFixReason: `the fix for ${target.text} is offered on its first concatenation` } : {}),
        });
      }
    }
  },
};

/**
 * The mechanical rewrite when it is safe: `s := ""` (or `var s string`) becomes a
 * strings.Builder, every `s += x` a `s.WriteString(x)`, every other read `s.String()` (O(1)).
 * Any other use of s (assigned, its address taken, s = s + x) leaves the change to a person.
 */
function builderFix(pass: Pass, file: SyntaxFile, target: Node, decl: Node): Fix | undefined {
  const fn = enclosingFunction(target);
  if (!fn) return undefined;
  const isEmptyDecl =
    (decl.type === 'short_var_declaration' && decl.childForFieldName('left')?.namedChildCount === 1 && decl.childForFieldName('right')?.text === '""') ||
    (decl.type === 'var_spec' && decl.childrenForFieldName('name').length === 1 && decl.childForFieldName('type')?.text === 'string' && !decl.childForFieldName('value') && decl.parent?.type === 'var_declaration' && !decl.parent.children.some((c) => c?.type === '('));
  if (!isEmptyDecl) return undefined;
  const rel = pass.relative(file.path);
  const name = target.text;
  const edits: TextEdit[] = [];
  const declStmt = decl.type === 'var_spec' ? decl.parent! : decl;
  edits.push({ file: rel, start: file.pos(declStmt).offset, end: file.end(declStmt).offset, newText: `var ${name} strings.Builder` });
  for (const id of fn.descendantsOfType('identifier')) {
    if (!id || id.text !== name || id.startIndex < declStmt.endIndex) continue;
    if (declarationOf(id)?.node.startIndex !== decl.startIndex) continue;
    const parent = id.parent;
    const stmt = parent?.parent;
    if (parent?.type === 'expression_list' && stmt?.type === 'assignment_statement' && stmt.childForFieldName('left')?.startIndex === parent.startIndex) {
      const op = stmt.childForFieldName('operator')?.text;
      const right = stmt.childForFieldName('right');
      if (op !== '+=' || !right || right.namedChildCount !== 1 || stmt.childForFieldName('left')!.namedChildCount !== 1) return undefined;
      edits.push({ file: rel, start: file.pos(stmt).offset, end: file.end(stmt).offset, newText: `${name}.WriteString(${right.text})` });
      continue;
    }
    if (parent?.type === 'unary_expression' && parent.childForFieldName('operator')?.text === '&') return undefined;
    if (parent?.type === 'selector_expression' && parent.childForFieldName('operand')?.startIndex === id.startIndex) return undefined;
    edits.push({ file: rel, start: file.pos(id).offset, end: file.end(id).offset, newText: `${name}.String()` });
  }
  const imports = importEdit(file, rel, 'strings');
  if (!imports || [...file.imports].some(([alias, p]) => p === 'strings' && alias !== 'strings')) return undefined;
  return { message: `Build ${name} with a strings.Builder`, edits: [...imports, ...edits] };
}

/** The variable of `s += x` or `s = s + x`, when the statement is one of those. */
/**
 * `x.f += s` (or x.f = x.f + s) in a loop, where x.f is a string field of a struct this package
 * declares and x is declared outside the loop (a receiver, a parameter, a variable).
 */
function accumulatedField(pass: Pass, file: SyntaxFile, a: Node): Node | undefined {
  const left = a.childForFieldName('left')?.namedChildren ?? [];
  const right = a.childForFieldName('right')?.namedChildren ?? [];
  const target = left[0];
  if (left.length !== 1 || right.length !== 1 || target?.type !== 'selector_expression') return undefined;
  const op = a.childForFieldName('operator')?.text;
  let r: Node | null = right[0]!;
  while (r?.type === 'binary_expression' && r.childForFieldName('operator')?.text === '+') r = r.childForFieldName('left');
  if (op !== '+=' && !(op === '=' && right[0]!.type === 'binary_expression' && r?.text === target.text)) return undefined;
  const loop = enclosingLoops(a)[0];
  if (!loop || smallConstantTripCount(loop, constantAt(pass, file, a))) return undefined;
  const owner = target.childForFieldName('operand');
  const decl = owner?.type === 'identifier' ? declarationOf(owner) : undefined;
  if (decl && decl.node.startIndex > loop.startIndex) return undefined; // a new value each iteration
  // x = x.next in the loop: each step appends to another object's field (gin's route tree).
  const reassigned = loop.descendantsOfType(['assignment_statement', 'short_var_declaration']).some((d) => d?.childForFieldName('left')?.namedChildren.some((n) => n?.text === owner?.text));
  if (reassigned) return undefined;
  return fieldTypeOf(pass, file, target) === 'string' ? target : undefined;
}

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
