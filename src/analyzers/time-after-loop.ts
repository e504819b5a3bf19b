// time-after-loop: time.After in a select inside a loop makes a timer every iteration.
import { callee, enclosingLoops } from '../source/syntax.js';
import { docsUrl, type Analyzer } from './analyzer.js';
import { eachFileOf, report } from './body.js';

const doc = `Reports time.After used in a loop, typically as a select case:
for { select { case v := <-ch: ...; case <-time.After(d): ... } }.

Each call allocates a new timer and channel. Before Go 1.23 (and in modules whose go.mod says
go < 1.23) a timer that has not fired is not collected until it fires, so a loop that spins
faster than d keeps a growing pile of live timers. Since Go 1.23 unreferenced timers are
collected, but every iteration still allocates one.

Fix: create one time.NewTimer before the loop and Reset it each iteration (or use a context
with a deadline).

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
        if (!call || callee(file, call) !== 'time.After') continue;
        if (enclosingLoops(call).length === 0) continue;
        report(pass, file, call, {
          severity: old ? 'warning' : 'info',
          message: old
            ? `time.After in a loop: a new timer every iteration, and with go ${pass.module.goDirective} in go.mod unfired timers stay alive until they fire; reuse one time.NewTimer with Reset`
            : 'time.After in a loop allocates a new timer and channel every iteration; reuse one time.NewTimer with Reset',
        });
      }
    }
  },
};

function goBefore123(directive: string | undefined): boolean {
  const m = /^1\.(\d+)/.exec(directive ?? '');
  return m !== null && Number(m[1]) < 23;
}
