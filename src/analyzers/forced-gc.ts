// forced-gc: runtime.GC or debug.FreeOSMemory run periodically or per request.
import type { Node } from 'web-tree-sitter';
import { callee, enclosingFunction, enclosingLoops, smallConstantTripCount, type SyntaxFile } from '../source/syntax.js';
import { declarationOf } from '../types/local.js';
import { docsUrl, type Analyzer } from './analyzer.js';
import { constantAt, eachFileOf, report } from './body.js';

const doc = `Reports runtime.GC() or debug.FreeOSMemory() called on a timer (in a loop over a
ticker, time.Tick, a select on a timer channel, or a loop that sleeps), in any other loop
(after every job or item, or every N of them), or in an HTTP handler.

A forced collection is a full, blocking GC cycle plus, for FreeOSMemory, returning memory to
the operating system that the program will ask for again. Run "for predictable latency" it
costs CPU on every tick without lowering the peak the pacer would reach anyway; per request it
multiplies that by the request rate, and in a loop by the number of jobs or items. The GC
already runs when the heap reaches its goal.

Fix: remove it. To bound memory, set GOMEMLIMIT (debug.SetMemoryLimit); to trade memory for
CPU, tune GOGC from a measured GC trace (heapwise gc).

Not reported: a single call outside loops and handlers (a benchmark's setup, a command that
frees memory once before a long idle phase), loops with a small constant trip count
(for i := 0; i < 3; i++), and collections the operator asks for with a signal (for range
sigs, case <-sigs on a chan os.Signal).`;

const forcing = new Set(['runtime.GC', 'runtime/debug.FreeOSMemory']);

export const forcedGC: Analyzer = {
  id: 'forced-gc',
  title: 'runtime.GC / debug.FreeOSMemory on a timer or per request',
  doc,
  url: docsUrl('forced-gc'),
  severity: 'warning',
  needs: 'bodies',
  run(pass) {
    for (const file of eachFileOf(pass)) {
      for (const call of file.all('call_expression')) {
        const name = callee(file, call);
        if (!name || !forcing.has(name)) continue;
        if (onSignal(call)) continue;
        const why = periodic(call) ?? (isHandler(file, call) ? 'in an HTTP handler, so once per request' : perIteration(call, constantAt(pass, file, call)));
        if (!why) continue;
        const short = name.replace('runtime/debug.', 'debug.');
        report(pass, file, call, {
          message: `${short}() ${why}: each call is a full blocking collection; let the pacer decide, and bound memory with GOMEMLIMIT instead`,
        });
      }
    }
  },
};

const timerReceive = /<-\s*[\w.]*(\.C|time\.Tick\(|time\.After\()/;

/** How the call repeats on a clock, if it does: in a loop over a ticker or timer channel. */
function periodic(call: Node): string | undefined {
  // A select outside any loop runs once, whatever it waits on.
  if (enclosingLoops(call).length === 0) return undefined;
  // In a select case, that case's channel is what runs the call.
  const own = ownCase(call);
  if (own) return timerReceive.test(own.childForFieldName('communication')?.text ?? '') ? 'in a loop that waits on a timer' : undefined;
  for (const loop of enclosingLoops(call)) {
    const header = loop.text.slice(0, (loop.childForFieldName('body')?.startIndex ?? loop.endIndex) - loop.startIndex);
    if (/\.C\b|time\.Tick\(|Ticker/.test(header)) return 'in a loop over a ticker';
    const body = loop.childForFieldName('body');
    // select { case <-t.C: ... }, or a plain <-t.C at the top of the round.
    const ticks = body?.descendantsOfType('communication_case').some((c) => c && timerReceive.test(c.childForFieldName('communication')?.text ?? ''));
    const waits = body?.namedChildren.find((c) => c?.type === 'statement_list')?.namedChildren.some((st) => st !== null && timerReceive.test(st.text) && st.type !== 'select_statement' && !/\bfunc\b/.test(st.text));
    if (ticks || waits) return 'in a loop that waits on a timer';
    if (body && /\btime\.Sleep\(/.test(body.text)) return 'in a loop that sleeps between rounds';
  }
  return undefined;
}

/** The select case (of a select in a loop, in the same function) the call runs in. */
function ownCase(call: Node): Node | undefined {
  for (let p = call.parent; p; p = p.parent) {
    if (p.type === 'communication_case') return p;
    if (p.type === 'for_statement' || p.type === 'func_literal' || p.type === 'function_declaration' || p.type === 'method_declaration') return undefined;
  }
  return undefined;
}

/**
 * Run when the operator sends a signal (for range sigs, case <-sigs: on a chan os.Signal): on
 * demand, not on a clock or per request.
 */
function onSignal(call: Node): boolean {
  const signalChannel = (expr: Node | null | undefined) => {
    const ch = expr?.type === 'unary_expression' ? expr.childForFieldName('operand') : expr;
    return ch?.type === 'identifier' && /\bos\.Signal\b/.test(declarationOf(ch)?.node.text ?? '');
  };
  const own = ownCase(call);
  if (own) return signalChannel(own.childForFieldName('communication')?.descendantsOfType('unary_expression')[0]);
  const loop = enclosingLoops(call)[0];
  return signalChannel(loop?.namedChildren.find((c) => c?.type === 'range_clause')?.childForFieldName('right'));
}

/**
 * Any other loop that runs more than a handful of times: a worker's loop over jobs, a batch
 * over items (every item or every N). Each collection is a full cycle, whatever the guard.
 */
function perIteration(call: Node, constant: (name: string) => number | undefined): string | undefined {
  const loops = enclosingLoops(call);
  if (loops.length === 0 || loops.every((l) => smallConstantTripCount(l, constant))) return undefined;
  return 'in a loop, so once per iteration (or every few)';
}

/** Inside a function with the shape of an http.Handler: (http.ResponseWriter, *http.Request). */
function isHandler(file: SyntaxFile, call: Node): boolean {
  for (let f = enclosingFunction(call); f; f = enclosingFunction(f)) {
    const params = f.childForFieldName('parameters')?.text ?? '';
    const http = [...file.imports].find(([, path]) => path === 'net/http')?.[0];
    if (http && params.includes(`${http}.ResponseWriter`) && params.includes(`*${http}.Request`)) return true;
  }
  return false;
}
