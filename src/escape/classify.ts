// Decides the cause of one heap decision from the compiler's -m=2 flow (the notes on its edges
// and where the flow ends), with a little help from the package's source where the compiler's
// words alone cannot tell (is this name a package-level variable, a func-typed parameter?).
// When neither tells, the cause is `unknown`: never a guess.
import type { CauseId } from './causes.js';
import type { AllocKind, FlowStep, HeapDecision } from './model.js';

/** What the package's source says about names (filled by package-source.ts). */
export interface PackageNames {
  /** Package-level variables. */
  globals: Set<string>;
  /** Names of methods declared in the package. */
  methods: Set<string>;
  /** Names of interface types declared in the package. */
  interfaces: Set<string>;
  /** Names of func types declared in the package (type Option func(*config)). */
  funcTypes: Set<string>;
  /** Type of a parameter or local of the function around `line` in `file`, as written. */
  typeOf(file: string, line: number, name: string): string | undefined;
  /** The function whose call was inlined at this position (fmt.Println for its Fprintln). */
  inlinedCallAt(pos: { file: string; line: number; column: number }): string | undefined;
  /** The source text of a line (1-based), '' when unknown. */
  lineText(file: string, line: number): string;
  /**
   * Whether `name` is a local of the function around `line` made fresh in it (`var x []T`,
   * `x := []T{...}`, `x := make(...)`), not a parameter or a package variable: what an append
   * onto it allocates is allocated on every call. False when unknown.
   */
  freshSlice(file: string, line: number, name: string): boolean;
}

export interface Classified {
  cause: CauseId;
  allocKind: AllocKind;
  callee?: string;
  target?: string;
}

export function allocKind(d: HeapDecision, names: PackageNames): AllocKind {
  if (d.kind === 'moved') return 'variable';
  const e = d.expr;
  if (e.startsWith('new(')) return 'new';
  if (e.startsWith('&') || /^(\[[^\]]*\]|map\[)[^(]*\{/.test(e) || /^[\w.]+(\[.*\])?\{/.test(e)) return 'composite-literal';
  if (e.startsWith('make(')) return 'make';
  if (e === 'func literal') return 'closure';
  if (e === 'append' || e.startsWith('append(')) return 'append';
  if (e === '... argument') return 'varargs';
  if (/^\(?(string|\[\]byte|\[\]rune)\)?\(/.test(e)) return 'conversion';
  if (hasTopLevelPlus(e)) return 'string-concat';
  const sel = /\.(\w+)$/.exec(e);
  if (sel && names.methods.has(sel[1]!) && !d.steps.some((s) => s.why === 'slice-literal-element')) return 'method-value';
  // What else escapes without being an allocation expression is the value an interface
  // conversion boxes (the compiler prints the conversion as its operand): `n escapes to heap`
  // for fmt.Println(n).
  return 'interface-conversion';
}

/** `"a" + s`: a string concatenation, whose result the compiler allocates. */
function hasTopLevelPlus(e: string): boolean {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < e.length; i++) {
    const c = e[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (depth === 0 && e.startsWith(' + ', i - 1)) return true;
  }
  return false;
}

export function classify(d: HeapDecision, names: PackageNames): Classified {
  const kind = allocKind(d, names);
  const whys = new Set(d.steps.map((s) => s.why));
  const callee = firstCallee(d.steps);
  const result = (cause: CauseId, extra: Partial<Classified> = {}): Classified => ({ cause, allocKind: kind, ...extra });

  if (whys.has('too large for stack')) return result('too-large');
  if ([...whys].some((w) => w.includes('non-constant size'))) return result('non-constant-size');
  const odd = [...whys].find((w) => w === 'too aligned for stack' || w === 'zero-sized element');
  if (odd) return result('not-stack-allocatable', { target: odd });
  if (whys.has('captured by a closure')) return result('closure-capture');
  if (whys.has('send')) return result('sent-on-channel');
  const reflectStep = d.steps.find((s) => /\breflect\.\w/.test(s.expr) || /\breflect\.\w/.test(s.flow));
  if (reflectStep) {
    const inlined = d.steps.map((s) => names.inlinedCallAt(s)).find((f) => f?.startsWith('reflect.'));
    return result('reflection', { callee: inlined ?? reflectCallee(d.steps) });
  }
  if (whys.has('interface-converted') || kind === 'interface-conversion' || kind === 'varargs') {
    if (d.steps.length === 0) return result('unknown');
    const call = d.steps.find((s) => s.why === 'call parameter');
    const named = (call && names.inlinedCallAt(call)) ?? callee;
    const returned = d.steps.at(-1)?.why === 'return';
    const target = named ? `and passed to ${named}` : returned ? 'and returned' : 'that outlives the function';
    return result('interface-conversion', { ...(named ? { callee: named } : {}), target });
  }
  if (kind === 'method-value') return result('method-value');
  if (whys.has('go') || (kind === 'closure' && /\bgo\s+$/.test(names.lineText(d.file, d.line).slice(0, Math.max(0, d.column - 1))))) {
    return result('goroutine');
  }
  if (d.steps.length === 0) return result('unknown');
  const last = d.steps[d.steps.length - 1]!;
  if (last.why === 'return' || /^~r\d+ ←/.test(last.flow)) return result('returned');
  if (whys.has('key of map put') || whys.has('map literal key') || whys.has('map literal value')) return result('stored-map');
  const call = d.steps.find((s) => s.why === 'call parameter');
  if (call && callee === 'append') {
    const into = /^append\((\w+)/.exec(call.expr)?.[1];
    return result('stored-slice', { target: into ?? 'a slice' });
  }
  if (call && callee) return { ...classifyCall(callee, call, names), allocKind: kind };
  const assign = [...d.steps].reverse().find((s) => (s.why === 'assign' || s.why === 'assign-pair') && / :?= /.test(s.expr) && s.flow.startsWith('{heap}'));
  if (assign) return { ...classifyStore(assign, names, kind), allocKind: kind };
  // The flow ends in a location that is itself on the heap: the storage of an escaping
  // composite literal (`&Server{m: make(...)}`) or a variable moved to the heap.
  // Only when the last edge is a store the compiler named: an unknown note is not guessed at.
  const stored = /^(assign|assign-pair|struct literal element|array literal element|slice-literal-element)$/.test(last.why);
  const dest = stored ? (/^(.*?) ← /.exec(last.flow)?.[1] ?? '') : '';
  const storage = /^\{storage for (.+)\}$/.exec(dest);
  if (storage) return result('stored-heap-object', { target: `${storage[1]}, which is itself on the heap` });
  if (/^\w+$/.test(dest)) return result('stored-heap-object', { target: `${dest}, a variable that is itself on the heap` });
  return result('unknown');
}

/** `fmt.Fprintln(os.Stdout, fmt.a...)` -> `fmt.Fprintln`: the callee of the first call step. */
function firstCallee(steps: FlowStep[]): string | undefined {
  const call = steps.find((s) => s.why === 'call parameter');
  if (!call) return undefined;
  const m = /^([\w.()*[\]]+?)\(/.exec(call.expr);
  return m?.[1];
}

function reflectCallee(steps: FlowStep[]): string {
  for (const s of steps) {
    const m = /\b(reflect\.[A-Z]\w*)/.exec(`${s.expr} ${s.flow}`);
    if (m) return m[1]!;
  }
  return 'the reflect package';
}

function classifyCall(callee: string, call: FlowStep, names: PackageNames): Classified {
  const kind: AllocKind = 'unknown';
  const root = callee.split('.')[0]!;
  const rootType = /^\w+$/.test(root) ? names.typeOf(call.file, call.line, root) : undefined;
  if (!callee.includes('.')) {
    // A plain name: a func-typed parameter or local, or a function of the package.
    if (rootType?.startsWith('func') || (rootType !== undefined && names.funcTypes.has(rootType))) return { cause: 'call-interface-or-func', allocKind: kind, callee };
    if (rootType === undefined) return { cause: 'leaking-callee', allocKind: kind, callee };
    return { cause: 'unknown', allocKind: kind, callee };
  }
  if (rootType !== undefined) {
    const t = rootType.replace(/^\*/, '');
    if (t === 'any' || t.startsWith('interface') || t === 'error' || names.interfaces.has(t)) {
      return { cause: 'call-interface-or-func', allocKind: kind, callee };
    }
    return { cause: 'leaking-callee', allocKind: kind, callee };
  }
  return { cause: 'leaking-callee', allocKind: kind, callee };
}

function classifyStore(assign: FlowStep, names: PackageNames, kind: AllocKind): Classified {
  const lhs = assign.expr.split(/ :?= /)[0]!.trim();
  const root = /^[\w]+/.exec(lhs)?.[0] ?? lhs;
  if (/^\w+$/.test(lhs) && names.globals.has(lhs)) return { cause: 'stored-global', allocKind: kind, target: lhs };
  if (/^\w+$/.test(root) && names.globals.has(root) && !names.typeOf(assign.file, assign.line, root)) {
    return { cause: 'stored-global', allocKind: kind, target: root };
  }
  const index = /^(\w+)\[/.exec(lhs);
  if (index) {
    const t = names.typeOf(assign.file, assign.line, index[1]!) ?? '';
    if (t.startsWith('map[')) return { cause: 'stored-map', allocKind: kind, target: index[1] };
    if (t.startsWith('[]')) return { cause: 'stored-slice', allocKind: kind, target: index[1] };
  }
  if (lhs.includes('.') || lhs.startsWith('*') || index) return { cause: 'stored-heap-object', allocKind: kind, target: lhs };
  // A local whose flow reaches {heap} is a variable the compiler moved to the heap itself.
  if (/^\w+$/.test(lhs)) return { cause: 'stored-heap-object', allocKind: kind, target: `${lhs}, a variable that is itself on the heap` };
  return { cause: 'unknown', allocKind: kind };
}
