// Units of benchmark measurements, as benchstat treats them (golang.org/x/perf/benchunit):
// "tidying" (ns -> sec, MB -> B, so values scale with SI/IEC prefixes), the class of a unit
// (bytes scale by 1024, everything else by 1000), and the common scale of a table row.

/** Splits a unit into its tokens, marking those after a '/' (the denominator). */
function unitTokens(unit: string): { tok: string; pos: number; denom: boolean }[] {
  const out: { tok: string; pos: number; denom: boolean }[] = [];
  let denom = false;
  let i = 0;
  const isSep = (c: string) => c === '*' || c === '/' || c === '-' || /\s/u.test(c);
  while (i < unit.length) {
    const c = unit[i]!;
    if (c === '*') denom = false;
    else if (c === '/') denom = true;
    if (isSep(c)) {
      i++;
      continue;
    }
    let end = i;
    while (end < unit.length && !isSep(unit[end]!)) end++;
    out.push({ tok: unit.slice(i, end), pos: i, denom });
    i = end;
  }
  return out;
}

export type UnitClass = 'decimal' | 'binary';

/** Bytes (B, MB, bytes in the numerator) scale by powers of 1024; everything else by 1000. */
export function unitClass(unit: string): UnitClass {
  for (const t of unitTokens(unit)) {
    if ((t.tok === 'B' || t.tok === 'MB' || t.tok === 'bytes') && !t.denom) return 'binary';
  }
  return 'decimal';
}

const tidyCache = new Map<string, { unit: string; factor: number }>();

/**
 * benchstat compares "sec/op" and "B/s", not "ns/op" and "MB/s": values are multiplied by the
 * factor (in floating point, as benchstat does, so medians round the same way).
 */
export function tidyUnit(unit: string): { unit: string; factor: number } {
  if (unit === 'ns/op') return { unit: 'sec/op', factor: 1e-9 };
  if (unit === 'MB/s') return { unit: 'B/s', factor: 1e6 };
  if (unit === 'B/op' || unit === 'allocs/op') return { unit, factor: 1 };
  if (!unit.includes('ns') && !unit.includes('MB')) return { unit, factor: 1 };
  const cached = tidyCache.get(unit);
  if (cached) return cached;
  let factor = 1;
  const edits: { pos: number; len: number; text: string }[] = [];
  for (const t of unitTokens(unit)) {
    if (t.denom) continue;
    if (t.tok === 'ns') {
      edits.push({ pos: t.pos, len: 2, text: 'sec' });
      factor /= 1e9;
    } else if (t.tok === 'MB') {
      edits.push({ pos: t.pos, len: 2, text: 'B' });
      factor *= 1e6;
    }
  }
  let tidied = unit;
  for (let i = edits.length - 1; i >= 0; i--) {
    const e = edits[i]!;
    tidied = tidied.slice(0, e.pos) + e.text + tidied.slice(e.pos + e.len);
  }
  const r = { unit: tidied, factor };
  tidyCache.set(unit, r);
  return r;
}

/** Digits after the point, the value of one prefix, and the prefix. */
export interface Scaler {
  prec: number;
  factor: number;
  prefix: string;
}

interface Factor {
  factor: number;
  prefix: string;
  t100: number;
  t10: number;
  t1: number;
}

// Thresholds at which a value would round up to the next digit count at 4 significant figures
// (99.995 prints as "100.0"): parsed from decimal strings, as benchunit does, so they are the
// same doubles.
const siFactors: Factor[] = ['T', 'G', 'M', 'k', '', 'm', 'µ', 'n'].map((prefix, i) => {
  const exp = 12 - 3 * i;
  return { factor: Math.pow(10, exp), prefix, t100: Number(`99.995e${exp}`), t10: Number(`9.9995e${exp}`), t1: Number(`.99995e${exp}`) };
});
const iecFactors: Factor[] = ['Ti', 'Gi', 'Mi', 'Ki', ''].map((prefix, i) => {
  const exp = 40 - 10 * i;
  // 99.995, 9.9995 and .99995 times 2^exp: exact products, since scaling by 2^n is exact.
  return { factor: Math.pow(2, exp), prefix, t100: 99.995 * Math.pow(2, exp), t10: 9.9995 * Math.pow(2, exp), t1: 0.99995 * Math.pow(2, exp) };
});
const sigfigs = Array.from({ length: 8 }, (_, i) => Number(`9.9995e${-1 - i}`));

/** The scale that prints every value of a row with at least 4 significant figures. */
export function commonScale(values: number[], cls: UnitClass): Scaler {
  let min = 0;
  for (const x of values) {
    const v = Math.abs(x);
    if (v !== 0 && (min === 0 || v < min)) min = v;
  }
  if (min === 0) return { prec: 3, factor: 1, prefix: '' };
  const factors = cls === 'binary' ? iecFactors : siFactors;
  for (const f of factors) {
    if (min >= f.t100) return { prec: 1, factor: f.factor, prefix: f.prefix };
    if (min >= f.t10) return { prec: 2, factor: f.factor, prefix: f.prefix };
    if (min >= f.t1) return { prec: 3, factor: f.factor, prefix: f.prefix };
  }
  const last = factors[factors.length - 1]!;
  const val = min / last.factor;
  for (let i = 0; i < sigfigs.length; i++) {
    if (val >= sigfigs[i]! || i === sigfigs.length - 1) return { prec: i + 3, factor: last.factor, prefix: last.prefix };
  }
  throw new Error('unreachable');
}

export function formatScaled(value: number, s: Scaler): string {
  return formatFixed(value / s.factor, s.prec) + s.prefix;
}

export function scale(value: number, cls: UnitClass): string {
  return formatScaled(value, commonScale([value], cls));
}

/**
 * Go's strconv 'f' formatting: correctly rounded, ties to even. JS toFixed is also exact on the
 * binary value but breaks ties away from zero (1.5625 -> "1.563" where Go prints "1.562"), so
 * exact ties are found on the full expansion (toFixed(100) is exact below 1e21) and rounded here.
 */
export function formatFixed(v: number, prec: number): string {
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : v < 0 ? '-Inf' : 'NaN';
  const neg = v < 0 || Object.is(v, -0);
  const a = Math.abs(v);
  if (a >= 1e21) return (neg ? '-' : '') + BigInt(a).toString() + (prec > 0 ? '.' + '0'.repeat(prec) : '');
  const full = a.toFixed(100);
  const dot = full.indexOf('.');
  const rest = full.slice(dot + 1 + prec);
  let s: string;
  if (/^50*$/.test(rest)) {
    // An exact tie: keep the truncated digits if the last is even, else round up.
    const kept = full.slice(0, dot + 1 + prec).replace(/\.$/, '');
    const last = Number(kept.replace('.', '').slice(-1));
    s = last % 2 === 0 ? kept : a.toFixed(prec);
  } else {
    s = a.toFixed(prec);
  }
  return (neg ? '-' : '') + s;
}
