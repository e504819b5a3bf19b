// Constant expressions, as far as array lengths need them: integer arithmetic of arbitrary
// precision (BigInt), iota, typed constants, len of constant strings, unsafe.Sizeof/Alignof/
// Offsetof, min/max, conversions, and constants of other packages. Anything else is unknown.
import type { ConstDecl, Expr, TypeExpr } from '../source/model.js';
import { UnknownSize, type Layout } from './layout.js';
import type { Ctx } from './resolve.js';

export type ConstValue =
  | { kind: 'int'; value: bigint; type?: string }
  | { kind: 'float'; value: number; type?: string }
  | { kind: 'string'; value: string; bytes: number }
  | { kind: 'bool'; value: boolean };

/** What evaluation needs to look up; implemented by the Resolver. */
export interface ConstEnv {
  lookupConst(name: string, ctx: Ctx): { decl: ConstDecl; ctx: Ctx } | undefined;
  lookupQualifiedConst(pkg: string, name: string, ctx: Ctx): { decl: ConstDecl; ctx: Ctx } | 'unsafe' | undefined;
  lookupVarType(name: string, ctx: Ctx): { type: TypeExpr; ctx: Ctx } | undefined;
  layoutOf(t: TypeExpr, ctx: Ctx): Layout;
  isTypeName(name: string, ctx: Ctx): boolean;
  basicKind(t: TypeExpr, ctx: Ctx): string | undefined;
  /** Bits of uint and uintptr on the target platform. */
  readonly wordBits: number;
  structFieldOffset?(t: TypeExpr, field: string, ctx: Ctx): number;
}

interface EvalCtx extends Ctx {
  iota?: number;
}

const unsignedBits: Record<string, number> = { uint8: 8, byte: 8, uint16: 16, uint32: 32, uint64: 64 };
const depthLimit = 64;

export function evalConst(e: Expr, ctx: EvalCtx, env: ConstEnv, depth = 0): ConstValue {
  if (depth > depthLimit) throw new UnknownSize('constant too deeply nested or recursive');
  const ev = (x: Expr) => evalConst(x, ctx, env, depth + 1);
  switch (e.k) {
    case 'int':
      return { kind: 'int', value: parseInt(e.text) };
    case 'float':
      return { kind: 'float', value: Number(e.text.replace(/_/g, '')) };
    case 'rune':
      return { kind: 'int', value: BigInt(runeValue(e.text)) };
    case 'string':
      return { kind: 'string', value: e.value, bytes: e.bytes };
    case 'ident':
      return identValue(e.name, ctx, env, depth);
    case 'sel': {
      const found = env.lookupQualifiedConst(e.pkg, e.name, ctx);
      if (found === 'unsafe' || !found) throw new UnknownSize(`constant ${e.pkg}.${e.name} not found`);
      return constDeclValue(found.decl, found.ctx, env, depth);
    }
    case 'unary':
      return unary(e.op, ev(e.x), env.wordBits);
    case 'binary':
      return binary(e.op, ev(e.x), ev(e.y));
    case 'call':
      return call(e, ctx, env, depth);
    case 'convert':
      return convert(e.type, ev(e.x), ctx, env);
    case 'arraylen': {
      // Elements without a key follow the previous index; the length is the highest plus one.
      let index = -1n;
      let length = 0n;
      for (const key of e.keys) {
        index = key === null ? index + 1n : evalInt(key, ctx, env, depth);
        if (index + 1n > length) length = index + 1n;
      }
      return { kind: 'int', value: length };
    }
    default:
      throw new UnknownSize(`not a constant we can evaluate: ${'text' in e ? e.text : e.k}`);
  }
}

function evalInt(e: Expr, ctx: Ctx, env: ConstEnv, depth: number): bigint {
  const v = evalConst(e, ctx, env, depth + 1);
  if (v.kind !== 'int') throw new UnknownSize('not an integer constant');
  return v.value;
}

function parseInt(text: string): bigint {
  let t = text.replace(/_/g, '');
  if (/^0[0-7]+$/.test(t)) t = `0o${t.slice(1)}`;
  else if (/^0[oO]/.test(t)) t = `0o${t.slice(2)}`;
  return BigInt(t);
}

function runeValue(text: string): number {
  const inner = text.slice(1, -1);
  if (!inner.startsWith('\\')) return inner.codePointAt(0) ?? 0;
  const esc: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, "'": 39, '"': 34 };
  const c = inner[1]!;
  if (c in esc) return esc[c]!;
  if (c === 'x' || c === 'u' || c === 'U') return Number.parseInt(inner.slice(2), 16);
  return Number.parseInt(inner.slice(1), 8);
}

function identValue(name: string, ctx: EvalCtx, env: ConstEnv, depth: number): ConstValue {
  if (name === 'iota') {
    if (ctx.iota === undefined) throw new UnknownSize('iota outside a constant declaration');
    return { kind: 'int', value: BigInt(ctx.iota) };
  }
  const found = env.lookupConst(name, ctx);
  if (found) return constDeclValue(found.decl, found.ctx, env, depth);
  if (name === 'true' || name === 'false') return { kind: 'bool', value: name === 'true' };
  throw new UnknownSize(`constant ${name} not found`);
}

function constDeclValue(decl: ConstDecl, ctx: Ctx, env: ConstEnv, depth: number): ConstValue {
  if (!decl.value) throw new UnknownSize(`constant ${decl.name} has no value`);
  const v = evalConst(decl.value, { ...ctx, iota: decl.iota }, env, depth + 1);
  if (!decl.type) return v;
  return convert(decl.type, v, ctx, env);
}

function convert(type: TypeExpr, v: ConstValue, ctx: Ctx, env: ConstEnv): ConstValue {
  const kind = env.basicKind(type, ctx);
  if (!kind) throw new UnknownSize('conversion to a type that is not a basic type');
  if (v.kind === 'int' || v.kind === 'float') {
    if (/^(u?int(8|16|32|64)?|uintptr|byte|rune)$/.test(kind)) {
      if (v.kind === 'float' && !Number.isInteger(v.value)) throw new UnknownSize(`${v.value} is not an integer`);
      const value = v.kind === 'int' ? v.value : BigInt(v.value);
      return { kind: 'int', value, type: kind };
    }
    if (/^float/.test(kind)) return { kind: 'float', value: Number(v.value), type: kind };
  }
  if (kind === 'string' && v.kind === 'string') return v;
  if (kind === 'bool' && v.kind === 'bool') return v;
  throw new UnknownSize(`constant conversion to ${kind}`);
}

function unary(op: string, v: ConstValue, wordBits: number): ConstValue {
  if (v.kind === 'int') {
    switch (op) {
      case '-':
        return { ...v, value: -v.value };
      case '+':
        return v;
      case '^': {
        const bits = v.type === 'uint' || v.type === 'uintptr' ? wordBits : v.type ? unsignedBits[v.type] : undefined;
        if (bits) return { ...v, value: v.value ^ ((1n << BigInt(bits)) - 1n) };
        return { ...v, value: -v.value - 1n };
      }
    }
  }
  if (v.kind === 'float' && (op === '-' || op === '+')) return { ...v, value: op === '-' ? -v.value : v.value };
  if (v.kind === 'bool' && op === '!') return { kind: 'bool', value: !v.value };
  throw new UnknownSize(`operator ${op} on a ${v.kind} constant`);
}

function binary(op: string, a: ConstValue, b: ConstValue): ConstValue {
  if (op === '&&' || op === '||') {
    if (a.kind !== 'bool' || b.kind !== 'bool') throw new UnknownSize(`${op} on non-booleans`);
    return { kind: 'bool', value: op === '&&' ? a.value && b.value : a.value || b.value };
  }
  if (a.kind === 'string' && b.kind === 'string') {
    if (op === '+') return { kind: 'string', value: a.value + b.value, bytes: a.bytes + b.bytes };
    return { kind: 'bool', value: compare(op, a.value < b.value ? -1 : a.value > b.value ? 1 : 0) };
  }
  if (a.kind === 'int' && b.kind === 'int') {
    const type = a.type ?? b.type;
    const x = a.value;
    const y = b.value;
    switch (op) {
      case '+':
        return { kind: 'int', value: x + y, type };
      case '-':
        return { kind: 'int', value: x - y, type };
      case '*':
        return { kind: 'int', value: x * y, type };
      case '/':
        if (y === 0n) throw new UnknownSize('division by zero');
        return { kind: 'int', value: x / y, type };
      case '%':
        if (y === 0n) throw new UnknownSize('division by zero');
        return { kind: 'int', value: x % y, type };
      case '&':
        return { kind: 'int', value: x & y, type };
      case '|':
        return { kind: 'int', value: x | y, type };
      case '^':
        return { kind: 'int', value: x ^ y, type };
      case '&^':
        return { kind: 'int', value: x & ~y, type };
      case '<<':
        if (y > 10_000n) throw new UnknownSize('shift too large');
        return { kind: 'int', value: x << y, type: a.type };
      case '>>':
        return { kind: 'int', value: x >> y, type: a.type };
    }
    return { kind: 'bool', value: compare(op, x < y ? -1 : x > y ? 1 : 0) };
  }
  if ((a.kind === 'int' || a.kind === 'float') && (b.kind === 'int' || b.kind === 'float')) {
    const x = Number(a.value);
    const y = Number(b.value);
    const type = a.type ?? b.type;
    // A float constant with an integer type (e.g. `const n int = 1e3 / 10`) stays an integer.
    const asInt = (v: number): ConstValue =>
      type && !type.startsWith('float') && Number.isInteger(v) ? { kind: 'int', value: BigInt(v), type } : { kind: 'float', value: v, type };
    switch (op) {
      case '+':
        return asInt(x + y);
      case '-':
        return asInt(x - y);
      case '*':
        return asInt(x * y);
      case '/':
        return asInt(x / y);
    }
    return { kind: 'bool', value: compare(op, x < y ? -1 : x > y ? 1 : 0) };
  }
  throw new UnknownSize(`operator ${op} on ${a.kind} and ${b.kind}`);
}

function compare(op: string, c: number): boolean {
  switch (op) {
    case '==':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
  throw new UnknownSize(`operator ${op}`);
}

function call(e: Extract<Expr, { k: 'call' }>, ctx: EvalCtx, env: ConstEnv, depth: number): ConstValue {
  const ev = (x: Expr) => evalConst(x, ctx, env, depth + 1);
  const fun = e.fun;
  if (fun.k === 'ident') {
    switch (fun.name) {
      case 'len': {
        const arg = e.args[0];
        if (!arg) break;
        // len of an array variable is a constant too: len(table) for var table = [...]T{...}.
        if (arg.k === 'ident' && !env.lookupConst(arg.name, ctx)) {
          const t = typeOfExpr(arg, ctx, env);
          if (t.type.k === 'array') return { kind: 'int', value: evalInt(t.type.len, t.ctx, env, depth) };
          break;
        }
        const v = ev(arg);
        if (v.kind === 'string') return { kind: 'int', value: BigInt(v.bytes) };
        break;
      }
      case 'min':
      case 'max': {
        const vs = e.args.map(ev);
        if (vs.length === 0 || vs.some((v) => v.kind !== 'int')) break;
        const ints = vs as Extract<ConstValue, { kind: 'int' }>[];
        return ints.reduce((m, v) => ((fun.name === 'min' ? v.value < m.value : v.value > m.value) ? v : m));
      }
      default:
        if (env.isTypeName(fun.name, ctx) && e.args.length === 1) {
          return convert({ k: 'name', name: fun.name }, ev(e.args[0]!), ctx, env);
        }
    }
    throw new UnknownSize(`call of ${fun.name} is not a constant we evaluate`);
  }
  if (fun.k === 'sel') {
    const target = env.lookupQualifiedConst(fun.pkg, '', ctx);
    if (target === 'unsafe' && e.args.length === 1) return unsafeCall(fun.name, e.args[0]!, ctx, env);
    if (e.args.length === 1) return convert({ k: 'qual', pkg: fun.pkg, name: fun.name }, ev(e.args[0]!), ctx, env);
  }
  throw new UnknownSize('call is not a constant we evaluate');
}

function unsafeCall(name: string, arg: Expr, ctx: Ctx, env: ConstEnv): ConstValue {
  if (name === 'Offsetof') {
    if (arg.k !== 'field' && arg.k !== 'sel') throw new UnknownSize('unsafe.Offsetof of an unsupported expression');
    const base: Expr = arg.k === 'field' ? arg.x : { k: 'ident', name: arg.pkg };
    const t = typeOfExpr(base, ctx, env);
    if (!env.structFieldOffset) throw new UnknownSize('unsafe.Offsetof');
    return { kind: 'int', value: BigInt(env.structFieldOffset(t.type, arg.name, t.ctx)), type: 'uintptr' };
  }
  const t = typeOfExpr(arg, ctx, env);
  const layout = env.layoutOf(t.type, t.ctx);
  if (name === 'Sizeof') return { kind: 'int', value: BigInt(layout.size), type: 'uintptr' };
  if (name === 'Alignof') return { kind: 'int', value: BigInt(layout.align), type: 'uintptr' };
  throw new UnknownSize(`unsafe.${name}`);
}

/** The type of an expression given to unsafe.Sizeof: a composite literal, a typed var, a conversion. */
function typeOfExpr(e: Expr, ctx: Ctx, env: ConstEnv): { type: TypeExpr; ctx: Ctx } {
  switch (e.k) {
    case 'composite':
      return { type: e.type, ctx };
    case 'convert':
      return { type: e.type, ctx };
    case 'ident': {
      const v = env.lookupVarType(e.name, ctx);
      if (v) return v;
      const c = env.lookupConst(e.name, ctx);
      if (c?.decl.type) return { type: c.decl.type, ctx: c.ctx };
      break;
    }
    case 'call':
      if (e.fun.k === 'ident' && e.args.length === 1 && env.isTypeName(e.fun.name, ctx)) {
        return { type: { k: 'name', name: e.fun.name }, ctx };
      }
      if (e.fun.k === 'sel' && e.args.length === 1) return { type: { k: 'qual', pkg: e.fun.pkg, name: e.fun.name }, ctx };
      break;
  }
  throw new UnknownSize('unsafe.Sizeof of an expression whose type heapwise does not resolve');
}
