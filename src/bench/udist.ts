// The exact distribution of the Mann-Whitney U statistic (moremath's UDist): Mann and Whitney's
// recurrence without ties, and Cheung and Klotz's (1997) algorithm over tie groups with ties.
// The same recurrences in the same order, so exact p-values come out bit for bit.
import { choose } from './distributions.js';

/** P(U = u) for u = 0..U without ties (the recurrence p_{n,m}(U), memoised row by row). */
function pmfTable(n1: number, n2: number, U: number): Float64Array {
  let N = n1;
  let M = n2;
  if (N > M) [N, M] = [M, N];
  const memo = Array.from({ length: N + 1 }, () => new Float64Array(U + 1));
  for (let m = 0; m <= M; m++) {
    memo[0]![0] = 1;
    const nlim = Math.min(N, m);
    for (let n = 1; n <= nlim; n++) {
      const lp = memo[n - 1]!;
      const rp = n <= m - 1 ? memo[n]! : memo[m - 1]!;
      const ulim = Math.min(U, n * m);
      const out = memo[n]!;
      const nplusm = n + m;
      for (let u = ulim; u >= 0; u--) {
        const l = u - m >= 0 ? n * lp[u - m]! : 0;
        const r = m * rp[u]!;
        out[u] = (l + r) / nplusm;
      }
    }
  }
  return memo[N]!;
}

function twoUmin(n1: number, t: number[], a: number[]): number {
  let twoU = -n1 * n1;
  let left = n1;
  for (let k = 1; k <= t.length; k++) {
    const take = Math.min(left, t[k - 1]!);
    twoU += take * a[k]!;
    left -= take;
  }
  return twoU;
}

function twoUmax(n1: number, t: number[], a: number[]): number {
  let twoU = -n1 * n1;
  let left = n1;
  for (let k = t.length; k > 0; k--) {
    const take = Math.min(left, t[k - 1]!);
    twoU += take * a[k]!;
    left -= take;
  }
  return twoU;
}

const key = (n1: number, twoU: number) => `${n1},${twoU}`;

/** Number of arrangements with first-sample size n1 and 2U <= twoU, given tie group sizes t. */
function tiedCount(twoU: number, n1: number, t: number[]): number | undefined {
  const K = t.length;
  const a = new Array<number>(K + 1).fill(0);
  a[1] = t[0]!;
  for (let k = 2; k <= K; k++) a[k] = a[k - 1]! + t[k - 2]! + t[k - 1]!;
  const A: Map<string, { n1: number; twoU: number; v: number }>[] = Array.from({ length: K + 1 }, () => new Map());
  A[K]!.set(key(n1, twoU), { n1, twoU, v: 0 });
  let tsum = t.reduce((s, x) => s + x, 0);
  for (let k = K - 1; k >= 2; k--) {
    tsum -= t[k]!;
    for (const next of A[k + 1]!.values()) {
      const lo = Math.max(0, next.n1 - tsum);
      const hi = Math.min(next.n1, t[k]!);
      for (let rk = lo; rk <= hi; rk++) {
        const twoUk = next.twoU - rk * (a[k + 1]! - 2 * next.n1 + rk);
        const n1k = next.n1 - rk;
        const tk = t.slice(0, k);
        if (twoUmin(n1k, tk, a) <= twoUk && twoUk <= twoUmax(n1k, tk, a)) A[k]!.set(key(n1k, twoUk), { n1: n1k, twoU: twoUk, v: 0 });
      }
    }
  }
  const N2 = t[0]! + t[1]!;
  for (const e of A[2]!.values()) {
    let sum = 0;
    const lo = Math.max(0, e.n1 - t[0]!);
    // Go's integer division truncates toward zero.
    const hi = Math.trunc((e.twoU - e.n1 * (t[0]! - e.n1)) / N2);
    for (let r2 = lo; r2 <= hi; r2++) sum += choose(t[0]!, e.n1 - r2) * choose(t[1]!, r2);
    e.v = sum;
  }
  tsum = t[0]!;
  for (let k = 3; k <= K; k++) {
    tsum += t[k - 2]!;
    for (const e of A[k]!.values()) {
      let sum = 0;
      const lo = Math.max(0, e.n1 - tsum);
      const hi = Math.min(e.n1, t[k - 1]!);
      for (let rk = lo; rk <= hi; rk++) {
        const twoUprev = e.twoU - rk * (a[k]! - 2 * e.n1 + rk);
        const n1prev = e.n1 - rk;
        let x = A[k - 1]!.get(key(n1prev, twoUprev))?.v;
        if (x === undefined) x = twoUmax(n1prev, t.slice(0, k - 1), a) < twoUprev ? choose(tsum, n1prev) : 0;
        sum += x * choose(t[k - 1]!, rk);
      }
      e.v = sum;
    }
  }
  return A[K]!.get(key(n1, twoU))?.v;
}

/** P(U <= u) for samples of n1 and n2 with tie group sizes T (all 1 when no ties). */
export function uCdf(n1: number, n2: number, T: number[], u: number): number {
  if (u < 0) return 0;
  if (u >= n1 * n2) return 1;
  if (T.some((t) => t > 1)) {
    const count = tiedCount(Math.trunc(2 * u), n1, T);
    if (count === undefined) throw new Error('U distribution: memo table lacks the requested entry');
    return count / choose(n1 + n2, n1);
  }
  let ui = Math.floor(u);
  const flip = ui >= Math.trunc((n1 * n2 + 1) / 2);
  if (flip) ui = n1 * n2 - ui - 1;
  const pdfs = pmfTable(n1, n2, ui);
  let p = 0;
  for (let i = 0; i <= ui; i++) p += pdfs[i]!;
  return flip ? 1 - p : p;
}
