// time-after-loop: time.After in a select inside a loop makes a timer every iteration.
import type { Node } from 'web-tree-sitter';
import type { Fix } from '../core/finding.js';
import { callee, enclosingFunction, enclosingLoops, type SyntaxFile } from '../source/syntax.js';
import { declarationOf } from '../types/local.js';
import { docsUrl, type Analyzer, type Pass } from './analyzer.js';
import { eachFileOf, report } from './body.js';

const doc = `Reports time.After used in a loop, typically as a select case:
for { select { case v := <-ch: ...; case <-time.After(d): ... } }.

Each call allocates a new timer and channel. Before Go 1.23 (and in modules whose go.mod says
go < 1.23) a timer that has not fired is not collected until it fires, so a loop that spins
faster than d keeps a growing pile of live timers. Since Go 1.23 unreferenced timers are
collected, but every iteration still allocates one.

Fix: create one time.NewTimer before the loop and Reset it each iteration (or use a context
with a deadline).

For a select case in a loop whose duration is fixed before the loop, heapwise offers that
rewrite as a suggested fix (modules with go >= 1.23, where Reset needs no draining).

Not reported: time.After outside loops (a single-shot select is fine).`;

export const timeAfterLoop: Analyzer = {
  id: 'time-after-loop',
  title: 'time.After in a loop allocates a timer per iteration',
  doc,
  url: docsUrl('time-after-loop'),
  severity: 'info',
  needs: 'bodies',
  run(pass) {
    const old = goBefore123(pass.module.goDirective);
    for (const file of eachFileOf(pass)) {
      for (const call of file.all('call_expression')) {
        if (callee(file, call) !== 'time.After') continue;
        const loops = enclosingLoops(call);
        if (loops.length === 0) continue;
        report(pass, file, call, {
          fix: old ? undefined : timerFix(pass, file, call, loops[0]!),
          severity: old ? 'warning' : 'info',
          message: old
            ? `time.After in a loop: a new timer every iteration, and with go ${pass.module.goDirective} in go.mod unfired timers stay alive until they fire; reuse one time.NewTimer with Reset`
            : 'time.After in a loop allocates a new timer and channel every iteration; reuse one time.NewTimer with Reset',
        });
      }
    }
  },
};

/**
 * The rewrite when it is mechanical: `case <-time.After(d):` of a select in a loop, with d
 * fixed before the loop, becomes one timer made before the loop, Reset at the top of each
 * iteration, and `case <-t.C:`. Only for go >= 1.23 modules, where Reset needs no drain.
 */
function timerFix(pass: Pass, file: SyntaxFile, call: Node, loop: Node): Fix | undefined {
  const recv = call.parent;
  if (recv?.type !== 'unary_expression' || recv.parent?.type !== 'receive_statement' || recv.parent.parent?.type !== 'communication_case') return undefined;
  const arg = call.childForFieldName('arguments')?.namedChildren[0];
  if (!arg || (call.childForFieldName('arguments')?.namedChildCount ?? 0) !== 1) return undefined;
  // d must not change inside the loop: identifiers declared before it, or constants.
  for (const id of arg.type === 'identifier' ? [arg] : arg.descendantsOfType('identifier').filter((n): n is Node => n !== null)) {
    const d = declarationOf(id);
    if (d && d.node.startIndex >= loop.startIndex) return undefined;
  }
  if (file.all('call_expression').filter((c) => c.startIndex > loop.startIndex && c.endIndex < loop.endIndex && callee(file, c) === 'time.After').length !== 1) return undefined;
  const body = loop.childForFieldName('body');
  const fn = enclosingFunction(loop);
  if (!body || !fn) return undefined;
  const name = ['timer', 'idle', 'wait'].find((n) => !file.localNames(fn).has(n) && !file.imports.has(n));
  if (!name) return undefined;
  const time = call.childForFieldName('function')?.childForFieldName('operand')?.text ?? 'time';
  const rel = pass.relative(file.path);
  const lineStart = file.text.lastIndexOf('\n', loop.startIndex) + 1;
  const indent = file.text.slice(lineStart, loop.startIndex);
  const loopAt = file.pos(loop).offset;
  const bodyOpen = file.pos(body).offset + 1;
  return {
    message: `Reuse one ${time}.NewTimer, Reset each iteration`,
    edits: [
      { file: rel, start: loopAt, end: loopAt, newText: `${name} := ${time}.NewTimer(${arg.text})\n${indent}defer ${name}.Stop()\n${indent}` },
      { file: rel, start: bodyOpen, end: bodyOpen, newText: `\n${indent}\t${name}.Reset(${arg.text})` },
      { file: rel, start: file.pos(call).offset, end: file.end(call).offset, newText: `${name}.C` },
    ],
  };
}

function goBefore123(directive: string | undefined): boolean {
  const m = /^1\.(\d+)/.exec(directive ?? '');
  return m !== null && Number(m[1]) < 23;
}
