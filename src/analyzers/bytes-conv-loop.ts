// bytes-conv-loop: []byte(s) or string(b) of the same value again on every iteration.
import type { Node } from 'web-tree-sitter';
import { enclosingLoops, type SyntaxFile } from '../source/syntax.js';
import { declarationOf } from '../types/local.js';
import { docsUrl, type Analyzer, type Pass } from './analyzer.js';
import { eachFileOf, fieldTypeOf, onExitPath, report } from './body.js';

const doc = `Reports a []byte(s) or string(b) conversion inside a loop whose operand does not change in
the loop: the same bytes copied into a new allocation on every iteration.

Each conversion copies (strings are immutable, so string(b) must copy b and []byte(s) must
copy s) and usually allocates.

Fix: convert once before the loop and reuse the result.

The operand is a variable, or a field of a variable or receiver whose struct type the package
declares (s.secret); the field counts as unchanged when the loop neither assigns it nor calls a
method on that variable or passes it on.

Not reported: the forms the compiler already compiles without a copy: a map lookup
m[string(b)], a comparison (string(b) == "x", in a switch too), and for range []byte(s);
operands that change in the loop; conversions on the way out of the function (in a return, a
panic, or a block that ends in one), which run once.`;

export const bytesConvLoop: Analyzer = {
  id: 'bytes-conv-loop',
  title: '[]byte(s) / string(b) of a loop-invariant value in a loop',
  doc,
  url: docsUrl('bytes-conv-loop'),
  severity: 'info',
  needs: 'bodies',
  run(pass) {
    for (const file of eachFileOf(pass)) {
      for (const conv of [...file.all('type_conversion_expression'), ...file.all('call_expression')]) {
        const operand = converted(pass, file, conv);
        if (!operand) continue;
        const loop = enclosingLoops(conv)[0];
        if (!loop || optimizedByCompiler(conv) || !invariantIn(operand, loop) || onExitPath(conv, loop)) continue;
        report(pass, file, conv, {
          message: `${conv.text} converts the same ${operand.text} on every iteration, copying it each time: convert once before the loop`,
        });
      }
    }
  },
};

/** The identifier (or x.field) converted by `[]byte(x)` or `string(x)`. */
function converted(pass: Pass, file: SyntaxFile, n: Node): Node | undefined {
  let type: Node | null;
  let operand: Node | null | undefined;
  if (n.type === 'type_conversion_expression') {
    type = n.childForFieldName('type');
    operand = n.childForFieldName('operand');
  } else {
    type = n.childForFieldName('function');
    operand = n.childForFieldName('arguments')?.namedChildren[0];
    if ((n.childForFieldName('arguments')?.namedChildCount ?? 0) !== 1) return undefined;
  }
  const t = type?.text.replace(/\s+/g, '');
  if (t !== '[]byte' && t !== 'string') return undefined;
  if (operand?.type === 'selector_expression') return fieldOperand(pass, file, operand, t === 'string' ? '[]byte' : 'string');
  if (operand?.type !== 'identifier') return undefined;
  // string(x) of an integer is a rune conversion, not a copy of bytes: only byte slices count.
  if (t === 'string') {
    const d = declarationOf(operand);
    if (d?.type?.text.replace(/\s+/g, '') !== '[]byte') return undefined;
  } else {
    const d = declarationOf(operand);
    if (d?.type?.text !== 'string' && d?.value?.type !== 'interpreted_string_literal') return undefined;
  }
  return operand;
}

function optimizedByCompiler(conv: Node): boolean {
  const p = conv.parent;
  if (!p) return false;
  if (p.type === 'index_expression' && p.childForFieldName('index')?.startIndex === conv.startIndex) return true;
  if (p.type === 'binary_expression' && /^(==|!=|<|<=|>|>=)$/.test(p.childForFieldName('operator')?.text ?? '')) return true;
  if (p.type === 'expression_switch_statement' || p.type === 'expression_case') return true;
  if (p.type === 'range_clause') return true;
  return false;
}

/** `x.f` of type `want` (s.secret of a *Signer, when Signer has secret string). */
function fieldOperand(pass: Pass, file: SyntaxFile, sel: Node, want: string): Node | undefined {
  return fieldTypeOf(pass, file, sel) === want ? sel : undefined;
}

/** Declared before the loop and never assigned inside it. */
function invariantIn(operand: Node, loop: Node): boolean {
  if (operand.type === 'selector_expression') return fieldInvariantIn(operand, loop);
  const ident = operand;
  const d = declarationOf(ident);
  if (!d || d.node.startIndex >= loop.startIndex) return false;
  const name = ident.text;
  for (const a of loop.descendantsOfType(['assignment_statement', 'short_var_declaration', 'inc_statement', 'dec_statement'])) {
    const left = a?.childForFieldName('left') ?? a?.namedChildren[0];
    if (left?.namedChildren.some((n) => n?.text === name) || left?.text === name) return false;
  }
  // Passed by address into the loop (&x) it may change behind our back.
  return !new RegExp(`&\\s*${name}\\b`).test(loop.text);
}

/**
 * x.f is not assigned in the loop, x is neither reassigned nor has its address taken, and no
 * method is called on x there (a method could change f).
 */
function fieldInvariantIn(sel: Node, loop: Node): boolean {
  const x = sel.childForFieldName('operand')!.text;
  const f = sel.childForFieldName('field')!.text;
  for (const a of loop.descendantsOfType(['assignment_statement', 'short_var_declaration', 'inc_statement', 'dec_statement'])) {
    const left = a?.childForFieldName('left') ?? a?.namedChildren[0];
    const targets = left?.type === 'expression_list' ? left.namedChildren : [left];
    if (targets.some((n) => n?.text === x || n?.text === `${x}.${f}`)) return false;
  }
  const calls = loop.descendantsOfType('call_expression').some((c) => {
    const fn = c?.childForFieldName('function');
    const receiver = fn?.type === 'selector_expression' ? fn.childForFieldName('operand')?.text : undefined;
    return receiver === x || (c?.childForFieldName('arguments')?.namedChildren.some((a) => a?.text === x || a?.text === `&${x}`) ?? false);
  });
  return !calls && !new RegExp(`&\\s*${x}\\b`).test(loop.text);
}
