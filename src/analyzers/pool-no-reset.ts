// pool-no-reset: an object taken from a pool is used and returned without being reset.
import type { Node } from 'web-tree-sitter';
import { enclosingFunction, type SyntaxFile } from '../source/syntax.js';
import { docsUrl, type Analyzer, type Pass } from './analyzer.js';
import { eachFileOf, packageFiles, report } from './body.js';
import { appendsTo, pooledType, puts } from './pool-put.js';

const doc = `Reports an object with state (a *bytes.Buffer, *strings.Builder, a map, a *[]byte) that is
taken from a sync.Pool and put back without being reset in the function that uses it: no
Reset(), no clear(m), no s = s[:0] after Get or before Put.

Whatever the previous user left in it is still there for the next one: stale bytes appended
to, stale map entries read as if they were new. That is a correctness bug and, when the data
belongs to another request or user, a security one.

Fix: reset right after Get (b.Reset(); clear(m); *p = (*p)[:0]) or right before Put. A Put in
a deferred closure counts the resets of the function around it.

Not reported: objects handed to a function that resets them (or to one heapwise cannot read: a
method, another package), and
types without state to reset (arrays filled whole, fixed structs).`;

const stateful = /^(\*bytes\.Buffer|\*strings\.Builder|\*\[\][\w.]+|map\[.+\].+)$/;

export const poolNoReset: Analyzer = {
  id: 'pool-no-reset',
  title: 'pooled object reused without a reset',
  doc,
  url: docsUrl('pool-no-reset'),
  severity: 'warning',
  needs: 'bodies',
  run(pass) {
    for (const file of eachFileOf(pass)) {
      for (const { call, value } of puts(pass, file)) {
        const pooled = pooledType(value);
        if (!pooled || !stateful.test(pooled.type)) continue;
        const fn = owner(file, enclosingFunction(call), value.text);
        if (!fn || resets(fn, value.text) || handedOff(pass, file, fn, value.text, call)) continue;
        if (pooled.type.startsWith('*[]') && !appendsTo(fn, value.text)) continue; // fixed scratch, overwritten by each use
        report(pass, file, call, {
          message: `${value.text} (${pooled.type}) goes back into the pool without a reset: the next Get sees what this use left in it; reset it after Get or before Put`,
        });
      }
    }
  },
};

/**
 * The function the pooled variable belongs to: a Put in a func literal (defer func() {
 * pool.Put(buf) }()) returns the enclosing function's buf, reset there after Get.
 */
function owner(file: SyntaxFile, fn: Node | undefined, name: string): Node | undefined {
  const root = name.replace(/^[*&(]+|\)+$/g, '').split(/[.[]/)[0]!;
  while (fn?.type === 'func_literal' && !file.localNames(fn).has(root)) {
    const outer = enclosingFunction(fn);
    if (!outer) break;
    fn = outer;
  }
  return fn;
}

function resets(fn: Node, name: string): boolean {
  const n = name.replace(/[^\w]/g, '');
  const patterns = [
    new RegExp(`\\b${n}\\.(Reset|Truncate)\\(`),
    new RegExp(`\\bclear\\(\\s*\\*?${n}\\s*\\)`),
    new RegExp(`\\(?\\*?${n}\\)?\\[:0\\]`),
    // *p = something not grown from *p itself (append(*p, ...), strconv.AppendInt(*p, ...)):
    // a new or emptied slice behind the pointer.
    new RegExp(`\\*${n}\\s*=(?!=)(?![^\\n]*\\*${n}\\b)`),
    new RegExp(`\\bdelete\\(\\s*${n}\\b`),
  ];
  return patterns.some((re) => re.test(fn.text));
}

/**
 * Passed to a call other than the pool's Put that may reset it: a function of the package whose
 * body resets the parameter, or any callee heapwise cannot read (a method, another package).
 */
function handedOff(pass: Pass, file: SyntaxFile, fn: Node, name: string, put: Node): boolean {
  for (const call of fn.descendantsOfType('call_expression')) {
    if (!call || call.startIndex === put.startIndex) continue;
    const callee = call.childForFieldName('function');
    if (!callee || /\.Put$/.test(callee.text)) continue;
    const args = call.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => a !== null) ?? [];
    // *p hands over a copy of what p points to (w.Write(*p)): the callee cannot reset it.
    const at = args.findIndex((a) => a.text === name || a.text === `&${name}`);
    if (at < 0 || /^(len|cap|string)$/.test(callee.text)) continue;
    // A function of another package (json.NewEncoder(b), io.Copy(b, r), fmt.Fprintf(b, ...))
    // writes into or reads from the object; it does not reset the caller's pooled state.
    const qualifier = callee.type === 'selector_expression' ? callee.childForFieldName('operand')?.text : undefined;
    if (qualifier && file.imports.has(qualifier)) continue;
    if (callee.type !== 'identifier') return true;
    const target = packageFunction(pass, file, callee.text);
    const param = target && paramNames(target)[at];
    if (!target || !param || resets(target, param)) return true;
  }
  return false;
}

function packageFunction(pass: Pass, file: SyntaxFile, name: string): Node | undefined {
  for (const path of packageFiles(pass, file)) {
    const f = pass.syntax(path)?.all('function_declaration').find((d) => d.childForFieldName('name')?.text === name);
    if (f) return f;
  }
  return undefined;
}

function paramNames(fn: Node): string[] {
  return (fn.childForFieldName('parameters')?.namedChildren ?? []).flatMap((p) => p?.childrenForFieldName('name').map((n) => n?.text ?? '_') ?? []);
}
