// forced-gc: runtime.GC or debug.FreeOSMemory run periodically or per request.
import type { Node } from 'web-tree-sitter';
import { callee, enclosingFunction, enclosingLoops, type SyntaxFile } from '../source/syntax.js';
import { docsUrl, type Analyzer } from './analyzer.js';
import { eachFileOf, report } from './body.js';

const doc = `Reports runtime.GC() or debug.FreeOSMemory() called on a timer (in a loop over a
ticker, time.Tick, a select on a timer channel, or a loop that sleeps) or in an HTTP handler.

A forced collection is a full, blocking GC cycle plus, for FreeOSMemory, returning memory to
the operating system that the program will ask for again. Run "for predictable latency" it
costs CPU on every tick without lowering the peak the pacer would reach anyway; per request it
multiplies that by the request rate. The GC already runs when the heap reaches its goal.

Fix: remove it. To bound memory, set GOMEMLIMIT (debug.SetMemoryLimit); to trade memory for
CPU, tune GOGC from a measured GC trace (heapwise gc).

Not reported: a single call outside loops and handlers (a benchmark's setup, a command that
frees memory once before a long idle phase).`;

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
        const why = periodic(call) ?? (isHandler(file, call) ? 'in an HTTP handler, so once per request' : undefined);
        if (!why) continue;
        const short = name.replace('runtime/debug.', 'debug.');
        report(pass, file, call, {
          message: `${short}() ${why}: each call is a full blocking collection; let the pacer decide, and bound memory with GOMEMLIMIT instead`,
        });
      }
    }
  },
};

/** How the call repeats on a clock, if it does: in a loop over a ticker or timer channel. */
function periodic(call: Node): string | undefined {
  for (const loop of enclosingLoops(call)) {
    const header = loop.text.slice(0, (loop.childForFieldName('body')?.startIndex ?? loop.endIndex) - loop.startIndex);
    if (/\.C\b|time\.Tick\(|Ticker/.test(header)) return 'in a loop over a ticker';
    const body = loop.childForFieldName('body');
    const ticks = body?.descendantsOfType('communication_case').some((c) => c && /<-\s*[\w.]*(\.C|time\.Tick\(|time\.After\()/.test(c.text));
    if (ticks) return 'in a loop that waits on a timer';
    if (body && /\btime\.Sleep\(/.test(body.text)) return 'in a loop that sleeps between rounds';
  }
  return undefined;
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
