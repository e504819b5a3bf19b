// benchstat's statistics (golang.org/x/perf/benchmath, "assume nothing"): the median with a
// distribution-free confidence interval from order statistics, and the two-sided Mann-Whitney U
// test. Outliers are not removed: the median and the rank test are robust to them, which is why
// benchstat v2 stopped trimming.
import { binomialPmf, normalCdf, normalInvCdf } from './distributions.js';
import { uCdf } from './udist.js';
import { formatFixed } from './units.js';

export const defaultConfidence = 0.95;
export const defaultAlpha = 0.05;

/** The R8 quantile of sorted values (what moremath's Sample.Quantile computes). */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  if (q <= 0) return sorted[0]!;
  if (q >= 1) return sorted[sorted.length - 1]!;
  const N = sorted.length;
  const n = 1 / 3 + q * (N + 1 / 3);
  const k = Math.trunc(n);
  const frac = n - k;
  if (k <= 0) return sorted[0]!;
  if (k >= N) return sorted[N - 1]!;
  return sorted[k - 1]! + frac * (sorted[k]! - sorted[k - 1]!);
}

export interface QuantileCi {
  /** 1-based order statistics bounding the interval; 0 or n+1 mean an infinite bound. */
  loOrder: number;
  hiOrder: number;
  confidence: number;
}

const ciCache = new Map<string, QuantileCi>();

/**
 * Which order statistics bound the confidence interval of the q-quantile in a sample of n:
 * summing binomial probabilities outward from the mode (left-biased on ties) up to n = 30, the
 * normal approximation with continuity correction beyond.
 */
export function quantileCi(n: number, q: number, confidence: number): QuantileCi {
  const key = `${n}/${q}/${confidence}`;
  const hit = ciCache.get(key);
  if (hit) return hit;
  let res: QuantileCi;
  if (confidence >= 1) {
    res = { loOrder: 0, hiOrder: n + 1, confidence: 1 };
  } else if (n <= 30) {
    let x = Math.ceil((n + 1) * q) - 1;
    if (q === 0) x = 0;
    let accum = binomialPmf(n, q, x);
    let l = x;
    let r = x + 1;
    let lp = binomialPmf(n, q, l - 1);
    let rp = binomialPmf(n, q, r);
    while (accum < confidence && (lp > 0 || rp > 0)) {
      if (lp >= rp) {
        accum += lp;
        l--;
        lp = binomialPmf(n, q, l - 1);
      } else {
        accum += rp;
        r++;
        rp = binomialPmf(n, q, r);
      }
    }
    res = { loOrder: Math.max(l, 0), hiOrder: Math.min(r, n + 1), confidence: accum };
  } else {
    const mu = n * q;
    const sigma = Math.sqrt(n * q * (1 - q));
    const l1 = normalInvCdf((1 - confidence) / 2, mu, sigma);
    const r1 = 2 * mu - l1;
    let l = Math.floor(Math.floor(l1 - 0.5) + 0.5) + 1;
    let r = Math.floor(Math.ceil(r1 - 0.5) + 0.5) + 1;
    const cdf = (lo: number, hi: number) => normalCdf(hi - 0.5, mu, sigma) - normalCdf(lo - 0.5, mu, sigma);
    let conf = cdf(l, r);
    const biased = cdf(l, r - 1);
    if (biased >= confidence && biased < conf) {
      conf = biased;
      r = r - 1;
    }
    if (l <= 0 && r >= n + 1) conf = 1;
    res = { loOrder: Math.max(l, 0), hiOrder: Math.min(r, n + 1), confidence: conf };
  }
  ciCache.set(key, res);
  return res;
}

export interface Summary {
  center: number;
  lo: number;
  hi: number;
  warnings: string[];
}

/** The smallest sample whose median CI has finite bounds (benchstat's warning text). */
function samplesForCi(confidence: number): string {
  for (let n = 2; n <= 50; n++) {
    const ci = quantileCi(n, 0.5, confidence);
    if (ci.loOrder > 0 && ci.hiOrder <= n) return `>= ${n}`;
  }
  return '> 50';
}

/** Median and its confidence interval of sorted values. */
export function summarize(sorted: number[], confidence = defaultConfidence): Summary {
  const ci = quantileCi(sorted.length, 0.5, confidence);
  const center = quantile(sorted, 0.5);
  const lo = ci.loOrder < 1 ? -Infinity : sorted[ci.loOrder - 1]!;
  const hi = ci.hiOrder - 1 >= sorted.length ? Infinity : sorted[ci.hiOrder - 1]!;
  const warnings: string[] = [];
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    warnings.push(`need ${samplesForCi(confidence)} samples for confidence interval at level ${goFloat(confidence)}`);
  }
  return { center, lo, hi, warnings };
}

/** "Exact" units (Unit x assume=exact): the mode, the range, a warning if values differ. */
export function summarizeExact(sorted: number[]): Summary {
  let val = sorted[0]!;
  let count = 1;
  let modeVal = val;
  let modeCount = 1;
  for (const v of sorted.slice(1)) {
    if (v === val) {
      count++;
      if (count > modeCount) [modeVal, modeCount] = [val, count];
    } else {
      [val, count] = [v, 1];
    }
  }
  const s: Summary = { center: modeVal, lo: sorted[0]!, hi: sorted[sorted.length - 1]!, warnings: [] };
  if (modeCount !== sorted.length) {
    s.warnings.push(`exact distribution expected, but values range from ${goFloat(s.lo)} to ${goFloat(s.hi)}`);
  }
  return s;
}

/** The ± column: the larger distance from the median to a CI bound, in percent of the median. */
export function pctRange(s: Summary): string {
  if (!Number.isFinite(s.lo) || !Number.isFinite(s.hi)) return '∞';
  const sign = Math.sign(s.center);
  if (sign !== Math.sign(s.lo) || sign !== Math.sign(s.hi)) return '?';
  if (s.center === 0) return '0%';
  const v = Math.max(s.hi / s.center - 1, 1 - s.lo / s.center);
  return `${formatFixed(100 * v, 0)}%`;
}

export interface Comparison {
  /** Two-sided p-value; 0 for exact units (any difference is real). */
  p: number;
  n1: number;
  n2: number;
  alpha: number;
  warnings: string[];
}

// The smallest p-value a U test can give with n samples on each side: below alpha, a difference
// can be detected at all.
const uTestMinP = [NaN, 1, 1 / 3, 0.1, 0.02857142857142857, 0.007936507936507936, 0.0021645021645021645, 0.0005827505827505828, 0.0001554001554001554, 4.113533525298231e-5];

function samplesForUTest(alpha: number): [string, number] {
  for (let n = 1; n < uTestMinP.length; n++) if (uTestMinP[n]! <= alpha) return ['>=', n];
  return ['>', uTestMinP.length];
}

/** Two-sided Mann-Whitney U test of sorted samples, exact where benchstat's is. */
export function mannWhitney(x1: number[], x2: number[]): number | 'equal' {
  const n1 = x1.length;
  const n2 = x2.length;
  const merged: number[] = [];
  const labels: number[] = [];
  let i = 0;
  let j = 0;
  while (i < n1 && j < n2) {
    if (x1[i]! < x2[j]!) {
      merged.push(x1[i++]!);
      labels.push(1);
    } else {
      merged.push(x2[j++]!);
      labels.push(2);
    }
  }
  for (; i < n1; i++) merged.push(x1[i]!), labels.push(1);
  for (; j < n2; j++) merged.push(x2[j]!), labels.push(2);
  let R1 = 0;
  const T: number[] = [];
  let hasTies = false;
  for (let k = 0; k < merged.length; ) {
    const rank1 = k + 1;
    let nx1 = 0;
    const v = merged[k];
    for (; k < merged.length && merged[k] === v; k++) if (labels[k] === 1) nx1++;
    if (nx1 !== 0) R1 += ((k + rank1) / 2) * nx1;
    T.push(k - rank1 + 1);
    if (k > rank1) hasTies = true;
  }
  const U1 = R1 - (n1 * (n1 + 1)) / 2;
  const U2 = n1 * n2 - U1;
  const Usmall = Math.min(U1, U2);
  if ((!hasTies && n1 <= 50 && n2 <= 50) || (hasTies && n1 <= 25 && n2 <= 25)) {
    if (T.length === 1) return 'equal';
    return U1 === U2 ? 1 : uCdf(n1, n2, T, Usmall) * 2;
  }
  let t = 0;
  for (const tie of T) t += tie * tie * tie - tie;
  const N = n1 + n2;
  const sigma = Math.sqrt((n1 * n2 * (N + 1 - t / (N * (N - 1)))) / 12);
  if (sigma === 0) return 'equal';
  let numer = U1 - (n1 * n2) / 2;
  numer -= Math.sign(numer) * 0.5;
  const z = numer / sigma;
  return 2 * Math.min(normalCdf(z), 1 - normalCdf(z));
}

/** benchstat's comparison of two cells: the U test's p-value and its warnings. */
export function compareSamples(old: number[], neu: number[], alpha = defaultAlpha): Comparison {
  const p = mannWhitney(old, neu);
  if (p === 'equal') {
    // All values equal on both sides: moremath reports an error, benchstat then says p=1.
    return { p: 1, n1: old.length, n2: neu.length, alpha, warnings: ['all samples are equal'] };
  }
  const c: Comparison = { p, n1: old.length, n2: neu.length, alpha, warnings: [] };
  if (p > alpha) {
    const [op, n] = samplesForUTest(alpha);
    if (c.n1 < n && c.n2 < n) c.warnings.push(`need ${op} ${n} samples to detect a difference at alpha level ${goFloat(alpha)}`);
  }
  return c;
}

/** The delta column: "~" when not significant, else the change of the centers in percent. */
export function formatDelta(c: Comparison, old: number, neu: number): string {
  if (c.p > c.alpha) return '~';
  if (old === neu) return '0.00%';
  if (old === 0) return '?';
  return signedPercent((neu / old - 1) * 100) + '%';
}

/** Go's %+.2f. */
export function signedPercent(pct: number): string {
  const s = formatFixed(pct, 2);
  return s.startsWith('-') ? s : '+' + s;
}

/** "(p=0.002 n=6)" without the parentheses; p is omitted when 0 (exact units). */
export function comparisonLabel(c: Comparison): string {
  const p = c.p !== 0 ? `p=${formatFixed(c.p, 3)} ` : '';
  return p + (c.n1 === c.n2 ? `n=${c.n1}` : `n=${c.n1}+${c.n2}`);
}

/** Geometric mean as moremath computes it (a running mean of logs); NaN unless all > 0. */
export function geomean(xs: number[]): number {
  if (xs.length === 0) return NaN;
  let m = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (!(x > 0)) return NaN;
    m += (Math.log(x) - m) / (i + 1);
  }
  return Math.exp(m);
}

/** Go's %v for a float64: the shortest digits, in exponent form when the exponent is < -4 or >= 6. */
export function goFloat(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf';
  const [m, e] = x.toExponential().split('e') as [string, string];
  const exp = Number(e);
  if (exp < -4 || exp >= 6) return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(x);
}
