// A heap decision with its reason: the cause, the chain of steps from the allocation to the
// reason, the text to show and the usual fix. Pure apart from reading source (through SiteFinder
// and PackageNames).
import path from 'node:path';
import { causes, causeSummary, stepMessage, type CauseId } from './causes.js';
import { classify, type PackageNames } from './classify.js';
import type { AllocKind, HeapDecision, HeapKind } from './model.js';
import type { SiteFinder } from './site.js';

export interface EscapeStep {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface Escape {
  file: string;
  line: number;
  column: number;
  endColumn: number | null;
  /** Where the expression's text starts, when the compiler's column is inside it (a selector's dot, a call's parenthesis). */
  exprColumn?: number;
  heap: HeapKind;
  kind: AllocKind;
  expr: string;
  cause: CauseId;
  summary: string;
  steps: EscapeStep[];
  explanation: string;
  fix: string;
  inLoop: boolean | null;
  function: string | null;
  /** Part of a `return` (once per call, even in a loop) or a `panic(...)` written on its line. */
  onExit?: 'return' | 'panic';
  /** Reported at a function's declaration: an instantiation wrapper's copy of a body allocation. */
  atDeclaration?: true;
  /**
   * For an append's growth: whether the slice appended to is made fresh in the function
   * ('fresh-local') or may be a buffer that outlives the call ('other': a parameter, a field,
   * what a pointer points to, a package variable, an inlined callee's parameter, or unknown).
   */
  appendsTo?: 'fresh-local' | 'other';
  package: string;
  callee?: string;
}

export function explain(d: HeapDecision, names: PackageNames, sites: SiteFinder, display: (file: string) => string): Escape {
  const c = classify(d, names);
  const site = sites.site(d.file, d.line, d.column, d.kind === 'moved' ? d.expr : d.detail ?? d.expr);
  const steps: EscapeStep[] = d.steps.map((s) => ({ file: display(s.file), line: s.line, column: s.column, message: stepMessage(s.expr, s.why) }));
  return {
    file: display(d.file),
    line: d.line,
    column: d.column,
    endColumn: site.endColumn,
    ...(site.exprColumn !== null ? { exprColumn: site.exprColumn } : {}),
    heap: d.kind,
    kind: c.allocKind,
    expr: d.detail ?? d.expr,
    cause: c.cause,
    summary: causeSummary(c.cause, { callee: c.callee, target: c.target }),
    steps,
    explanation: causes[c.cause].explanation,
    fix: causes[c.cause].fix,
    inLoop: site.inLoop,
    function: d.function ?? site.function,
    ...(site.onExit ? { onExit: site.onExit } : {}),
    ...(site.atDeclaration ? { atDeclaration: true as const } : {}),
    ...(c.allocKind === 'append' ? { appendsTo: appendedSlice(d, names) } : {}),
    package: d.pkg,
    ...(c.callee ? { callee: c.callee } : {}),
  };
}

/**
 * What an append grows: a slice made fresh in the function (its growth allocates on every
 * call), or anything else. `append(w.b, c)`, `append(*dst, x)`, `append(json.dst, c)` (a
 * parameter of an inlined callee) and a parameter `dst` grow a buffer that may keep its
 * capacity from call to call; a name the source does not show as fresh is not taken as fresh.
 */
function appendedSlice(d: HeapDecision, names: PackageNames): 'fresh-local' | 'other' {
  const first = /^append\(\s*(\w+)\s*,/.exec(d.detail ?? d.expr)?.[1];
  return first !== undefined && names.freshSlice(d.file, d.line, first) ? 'fresh-local' : 'other';
}

/** Paths relative to `root` when inside it (as go prints them), absolute otherwise. */
export function displayPath(root: string): (file: string) => string {
  return (file) => {
    if (file.startsWith('<')) return file;
    const rel = path.relative(root, file);
    return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
  };
}
