// goroutine-leak: a goroutine that sends on an unbuffered channel whose only receiver may
// give up (a select with a timeout or cancellation) blocks forever.
import type { Node } from 'web-tree-sitter';
import { enclosingFunction, enclosingLoops } from '../source/syntax.js';
import { declarationOf } from '../types/local.js';
import { docsUrl, type Analyzer } from './analyzer.js';
import { eachFileOf, report } from './body.js';

const doc = `Reports a goroutine that sends its result on an unbuffered channel made by the enclosing
function, when that function receives from the channel only in a select that can take another
case (a timeout, ctx.Done(), another channel) and leave.

When the other case wins, nobody ever receives: the goroutine blocks on its send forever, and
its stack and everything it references stay alive. Under load (a timeout per slow request)
they pile up.

Fix: give the channel a buffer of one (make(chan T, 1)) so the send always completes, or make
the goroutine select on the send and ctx.Done().

Not reported: buffered channels, sends inside a select (they can give up too), receivers that
always wait for the value or drain the channel (for range ch), and selects in a loop whose
other cases do not return.`;

export const goroutineLeak: Analyzer = {
  id: 'goroutine-leak',
  title: 'goroutine blocked forever on a send nobody may receive',
  doc,
  url: docsUrl('goroutine-leak'),
  severity: 'warning',
  needs: 'bodies',
  run(pass) {
    for (const file of eachFileOf(pass)) {
      for (const send of file.all('send_statement')) {
        const ch = send.childForFieldName('channel');
        if (ch?.type !== 'identifier' || inSelect(send)) continue;
        const goroutine = goroutineOf(send);
        const d = goroutine && declarationOf(ch);
        if (!goroutine || !d?.value || !isUnbufferedMake(d.value)) continue;
        const owner = enclosingFunction(goroutine);
        if (!owner || enclosingFunction(d.node)?.startIndex !== owner.startIndex) continue;
        const escape = receiverMayLeave(owner, ch.text, goroutine);
        if (!escape) continue;
        report(pass, file, send, {
          message: `this goroutine sends on unbuffered ${ch.text}, but its receiver can leave through ${escape}: the send then blocks forever and the goroutine leaks; make(chan ..., 1) lets it finish`,
        });
      }
    }
  },
};

function inSelect(n: Node): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'communication_case') return true;
    if (p.type === 'func_literal') return false;
  }
  return false;
}

/** The `go func() {...}()` statement the node runs in. */
function goroutineOf(n: Node): Node | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'func_literal') return p.parent?.parent?.type === 'go_statement' ? p.parent.parent : undefined;
  }
  return undefined;
}

function isUnbufferedMake(v: Node): boolean {
  if (v.type !== 'call_expression' || v.childForFieldName('function')?.text !== 'make') return false;
  const args = v.childForFieldName('arguments')?.namedChildren.filter((n) => n !== null) ?? [];
  return args[0]?.type === 'channel_type' && (args.length === 1 || args[1]!.text === '0');
}

/** The other case of a select that receives from `ch` in `fn` (outside the goroutine), if any. */
function receiverMayLeave(fn: Node, ch: string, goroutine: Node): string | undefined {
  let other: string | undefined;
  // for v := range ch drains the channel until it is closed: the sender always finishes.
  let plainReceive = fn.descendantsOfType('range_clause').some((r) => r?.childForFieldName('right')?.text === ch);
  for (const u of fn.descendantsOfType('unary_expression')) {
    if (!u || u.childForFieldName('operator')?.text !== '<-' || u.childForFieldName('operand')?.text !== ch) continue;
    if (u.startIndex >= goroutine.startIndex && u.endIndex <= goroutine.endIndex) continue;
    const sel = selectOf(u);
    if (!sel) {
      plainReceive = true;
      continue;
    }
    // In a loop, another case only ends the receiving when it returns; a ticker case that
    // reports progress and loops again does not.
    const looping = enclosingLoops(sel).length > 0;
    for (const c of sel.namedChildren) {
      if (!c || (c.type !== 'communication_case' && c.type !== 'default_case')) continue;
      if (c.type === 'communication_case' && c.namedChildren[0]?.text.includes(ch)) continue;
      if (looping && c.descendantsOfType('return_statement').length === 0) continue;
      other ??= c.type === 'default_case' ? 'default' : c.namedChildren[0]?.text.replace(/\s+/g, ' ');
    }
  }
  return plainReceive ? undefined : other;
}

/** The select whose case receives `n` (the receive is the case's communication, not its body). */
function selectOf(n: Node): Node | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'communication_case') {
      const comm = p.namedChildren[0];
      const inComm = comm !== null && comm !== undefined && n.startIndex >= comm.startIndex && n.endIndex <= comm.endIndex;
      return inComm ? (p.parent ?? undefined) : undefined;
    }
    if (p.type === 'func_literal' || p.type === 'function_declaration' || p.type === 'method_declaration') return undefined;
  }
  return undefined;
}
