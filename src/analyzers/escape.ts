// escape: the compiler's heap allocations that are worth fixing: those inside loops and the
// only one of an otherwise allocation-free function. Every other decision stays in
// `heapwise escapes` (and the report's attachments), not among the findings.
// analyze() builds the module for it (needs: 'compiler'); when the build cannot run, the other
// analyzers still do and the report notes that compiler evidence is missing.
import path from 'node:path';
import type { Escape } from '../escape/explain.js';
import { docsUrl, type Analyzer } from './analyzer.js';

/** Compiler facts for a pass: the escapes and the directory their paths are relative to. */
export interface CompilerFacts {
  escapes: Escape[];
  dir: string;
}

const doc = `Reports heap allocations the compiler decided on where they cost most: inside a loop
(one allocation per iteration), and the single allocation of a function that otherwise
allocates nothing (removing it makes the function allocation-free).

The compiler keeps a value on the goroutine's stack when escape analysis proves it does not
outlive the function; otherwise it is allocated on the heap, and the garbage collector must
find, mark and free it. The finding gives the reason the compiler printed with -gcflags=-m=2
(returned, stored in a heap object, converted to an interface for a callee it cannot see into,
captured by an escaping closure, sent on a channel, too large for the stack...), the chain of
steps from the allocation to that reason, and the change that usually removes it.

Not reported: allocations that are meant to outlive the function (constructors, long-lived
objects) outside loops; allocations in a return statement inside a loop (they happen once, when
the loop stops); allocations in a panic(...), log.Fatal(...) or os.Exit(...) (an exceptional
path); the growth of an append onto a slice the function did not make (a parameter, a field,
what a pointer points to, a package variable: a buffer that keeps its capacity from call to
call, so its growth is amortized, and a pooled one hardly ever grows); decisions in inlined
standard-library code; the copies of a generic function's
allocations that the compiler reports at the function's declaration (for the wrappers of its
instantiations) besides the allocation itself. heapwise escapes lists
every decision. "Does not escape" is not "does not allocate": a profile tells which
allocations cost.`;

export const escapeAnalyzer: Analyzer = {
  id: 'escape',
  title: 'heap allocations in loops, or the only one of a function',
  doc,
  url: docsUrl('escape'),
  severity: 'info',
  needs: 'compiler',
  run(pass) {
    const facts = pass.compiler;
    if (!facts) return;
    for (const e of worthFixing(facts.escapes)) {
      pass.report({
        message: `${e.heap === 'moved' ? `${e.expr} is moved to the heap` : `${e.expr} escapes to the heap`}${e.inLoop ? ' in a loop' : `, the only heap allocation of ${e.function}`}: ${e.summary}`,
        file: pass.relative(path.resolve(facts.dir, e.file)),
        line: e.line,
        column: e.column,
        endLine: e.line,
        endColumn: e.endColumn ?? e.column,
        data: { cause: e.cause, kind: e.kind, steps: e.steps, explanation: e.explanation, fix: e.fix, function: e.function },
      });
    }
  },
};

/** Escapes inside loops, and the single escape of a function (in the module's own files). */
export function worthFixing(escapes: Escape[]): Escape[] {
  // A constant converted to an interface (a panic message in inlined code, say) points at
  // static data: nothing is allocated, whatever the compiler's wording.
  const mine = escapes.filter((e) => !e.file.startsWith('<') && !path.isAbsolute(e.file) && !/^("|`|'|-?\d)/.test(e.expr));
  // A generic function's instantiation wrapper (a method of Stack[string] an interface needs)
  // inlines the body, and the compiler reports the body's allocations again at the wrapper's
  // declaration: one allocation in the source, found once, where it is.
  const inBody = new Set(mine.filter((e) => !e.atDeclaration).map((e) => `${e.file}\0${e.expr}`));
  const own = mine.filter((e) => !(e.atDeclaration && inBody.has(`${e.file}\0${e.expr}`)));
  const perFunction = new Map<string, number>();
  for (const e of own) {
    if (e.function) perFunction.set(`${e.file}\0${e.function}`, (perFunction.get(`${e.file}\0${e.function}`) ?? 0) + 1);
  }
  // An append grows its slice now and then, not on every call: only a slice made in the
  // function starts empty on every call (zerolog: 234 of 347 findings were appends onto its
  // pooled event buffer, which allocates nothing once warm).
  const amortized = (e: Escape) => e.kind === 'append' && e.appendsTo !== 'fresh-local';
  const perIteration = (e: Escape) => e.inLoop === true && e.onExit === undefined;
  const onlyOne = (e: Escape) => e.function !== null && perFunction.get(`${e.file}\0${e.function}`) === 1 && e.onExit !== 'panic';
  return own.filter((e) => !amortized(e) && (perIteration(e) || onlyOne(e)));
}
