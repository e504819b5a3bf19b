// Benchmark regressions joined to findings: which functions a regressed benchmark exercises,
// read off the source (the benchmark's body and what it calls, a few levels deep, in the
// module), so the findings in those functions can name it. Calls through interfaces and
// function values are not followed; methods are matched by name within the module, and
// heapwise says so.
import type { Node } from 'web-tree-sitter';
import type { BenchRegression } from '../core/report.js';
import type { GoPackage } from '../go/list.js';
import { enclosingFunction, type SyntaxFile } from '../source/syntax.js';
import type { Comparisons } from './compare.js';
import type { ParsedBench } from './format.js';
import { findRegressions, parseThresholds, type Regression } from './gate.js';

export type { BenchRegression };

export interface JoinContext {
  /** Every package of the module, test files included. */
  packages: GoPackage[];
  syntax(file: string): SyntaxFile | undefined;
}

/** Significant increases of bytes or allocations per op: what memory work is about. */
export function memoryRegressions(c: Comparisons, units: ParsedBench['units']): Regression[] {
  return findRegressions(c, parseThresholds('B/op>0,allocs/op>0'), units);
}

interface Span {
  file: string;
  start: number;
  end: number;
}

/**
 * For each regression, the source spans of the functions it exercises. Findings inside a span
 * are the ones the regression can be blamed on.
 */
export function exercised(ctx: JoinContext, regressions: Regression[]): { regression: BenchRegression; spans: Span[] }[] {
  const index = new FunctionIndex(ctx);
  return regressions.map((r) => {
    const pkg = r.config.find(([k]) => k === 'pkg')?.[1];
    // benchstat names rows without the Benchmark prefix and with the -GOMAXPROCS suffix.
    const base = r.name.replace(/\/.*$/, '').replace(/-\d+$/, '');
    const fnName = base.startsWith('Benchmark') ? base : `Benchmark${base}`;
    const start = index.benchmark(fnName, pkg);
    const spans = start ? index.reach(start) : [];
    return {
      regression: { name: r.name, pkg, unit: r.unit, old: r.old, new: r.new, deltaPercent: r.deltaPercent, pValue: r.pValue, traced: start !== undefined, reaches: spans.length },
      spans,
    };
  });
}

interface Fn {
  node: Node;
  file: SyntaxFile;
  pkg: GoPackage;
}

class FunctionIndex {
  private readonly byPackage = new Map<string, { funcs: Map<string, Fn[]>; methods: Map<string, Fn[]> }>();

  constructor(private readonly ctx: JoinContext) {}

  benchmark(name: string, pkg: string | undefined): Fn | undefined {
    const candidates = this.ctx.packages.filter((p) => !pkg || p.importPath === pkg || p.importPath === `${pkg}_test`);
    for (const p of candidates) {
      for (const path of p.testFiles) {
        const file = this.ctx.syntax(path);
        const node = file?.all('function_declaration').find((f) => f.childForFieldName('name')?.text === name);
        if (file && node) return { node, file, pkg: p };
      }
    }
    return undefined;
  }

  /** Functions reachable from `start` through direct calls, `depth` levels deep. */
  reach(start: Fn, depth = 4): Span[] {
    const seen = new Set<string>();
    const spans: Span[] = [];
    let frontier = [start];
    for (let level = 0; level <= depth && frontier.length > 0; level++) {
      const next: Fn[] = [];
      for (const fn of frontier) {
        const key = `${fn.file.path}:${fn.node.startIndex}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (fn !== start) spans.push({ file: fn.file.path, start: fn.file.pos(fn.node).line, end: fn.file.end(fn.node).line });
        for (const call of fn.node.descendantsOfType('call_expression')) {
          if (call && enclosingFunction(call)) next.push(...this.callees(fn, call));
        }
      }
      frontier = next;
    }
    return spans;
  }

  private callees(from: Fn, call: Node): Fn[] {
    const f = call.childForFieldName('function');
    if (f?.type === 'identifier') return this.in(from.pkg.importPath).funcs.get(f.text) ?? [];
    if (f?.type !== 'selector_expression') return [];
    const operand = f.childForFieldName('operand')?.text ?? '';
    const name = f.childForFieldName('field')?.text ?? '';
    const path = from.file.imports.get(operand);
    if (path) {
      const resolved = from.pkg.importMap[path] ?? path;
      return this.ctx.packages.some((p) => p.importPath === resolved) ? (this.in(resolved).funcs.get(name) ?? []) : [];
    }
    // A method: every method of that name in the package and the module packages it imports.
    const pkgs = [from.pkg.importPath, ...[...from.file.imports.values()].map((p) => from.pkg.importMap[p] ?? p)];
    return pkgs.flatMap((p) => (this.ctx.packages.some((q) => q.importPath === p) ? (this.in(p).methods.get(name) ?? []) : []));
  }

  private in(importPath: string) {
    let entry = this.byPackage.get(importPath);
    if (!entry) {
      entry = { funcs: new Map(), methods: new Map() };
      const pkg = this.ctx.packages.find((p) => p.importPath === importPath);
      for (const path of pkg?.files ?? []) {
        const file = this.ctx.syntax(path);
        if (!file || !pkg) continue;
        for (const node of file.all('function_declaration')) {
          const n = node.childForFieldName('name')?.text ?? '';
          entry.funcs.set(n, [...(entry.funcs.get(n) ?? []), { node, file, pkg }]);
        }
        for (const node of file.all('method_declaration')) {
          const n = node.childForFieldName('name')?.text ?? '';
          entry.methods.set(n, [...(entry.methods.get(n) ?? []), { node, file, pkg }]);
        }
      }
      this.byPackage.set(importPath, entry);
    }
    return entry;
  }
}
