// defer-in-loop: a defer inside a loop body runs only when the function returns.
import { enclosingLoops, smallConstantTripCount } from '../source/syntax.js';
import { docsUrl, type Analyzer } from './analyzer.js';
import { constantAt, eachFileOf, onExitPath, report } from './body.js';

const doc = `Reports a defer statement inside a loop.

A deferred call runs when the surrounding function returns, not at the end of the iteration.
In a loop the deferred calls pile up, and with them whatever they hold: open files and
connections, locks, pooled objects that never return to their pool (defer pool.Put(x) in a
loop keeps every object out of the pool until the function ends), and the closures' captured
memory, one record per iteration.

Fix: move the loop body into a function (or a func literal called at once) so the defer runs
each iteration, or call the cleanup directly at the end of the body.

Not reported: loops with a small constant trip count (for i := 0; i < 3; i++, or a range over
a slice whose few elements the function writes out and never appends to), defers
inside a func literal in the loop, which already run per call, and defers followed on their
path by a return (or a panic): the loop never comes round again after deferring.`;

export const deferInLoop: Analyzer = {
  id: 'defer-in-loop',
  title: 'defer inside a loop: cleanups and what they hold pile up until the function returns',
  doc,
  url: docsUrl('defer-in-loop'),
  severity: 'warning',
  needs: 'bodies',
  run(pass) {
    for (const file of eachFileOf(pass)) {
      for (const d of file.all('defer_statement')) {
        if (!d) continue;
        const loops = enclosingLoops(d);
        if (loops.length === 0 || loops.every((l) => smallConstantTripCount(l, constantAt(pass, file, d)))) continue;
        if (onExitPath(d, loops[0]!)) continue;
        const call = d.namedChildren[0]?.text ?? 'the call';
        report(pass, file, d, {
          message: `defer ${truncate(call)} inside a loop: one deferred call per iteration piles up until the function returns, holding what it references`,
        });
      }
    }
  },
};

function truncate(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 60 ? `${one.slice(0, 57)}...` : one;
}
