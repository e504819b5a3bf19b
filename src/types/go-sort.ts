/**
 * A faithful re-implementation of Go's `sort.Slice` (as shipped with Go 1.26).
 *
 * Why this exists: `sort.Slice` is not stable. When the comparator reports two
 * elements as equivalent, the order in which they come out depends on the exact
 * sequence of comparisons and swaps the algorithm performs. Tools such as
 * `fieldalignment` order struct fields with `sort.Slice`, so to predict the
 * field order they suggest we must perform exactly the same comparisons and
 * swaps, in the same order, as the Go runtime does. Any "equivalent" sort (or
 * JavaScript's stable `Array.prototype.sort`) would produce a different
 * permutation for ties.
 *
 * The algorithm is pattern-defeating quicksort (pdqsort) without the
 * BlockQuicksort optimisations, falling back to insertion sort for short
 * ranges and to heapsort after too many unbalanced partitions.
 *
 * Everything below operates on indices into the array, with two primitives:
 * `lt(i, j)` (is element i less than element j) and `swap(i, j)`. Go's
 * `sort.Slice` only ever touches the slice through those two operations, so
 * mirroring them exactly reproduces the same permutation.
 */

/** Ranges at most this long are finished with insertion sort. */
const INSERTION_SORT_THRESHOLD = 12;
/** From this length on, the pivot is the "ninther" (median of three medians). */
const NINTHER_THRESHOLD = 50;
/** choosePivot performs at most 12 comparisons; all 12 swapping means "descending". */
const PIVOT_MAX_SWAPS = 12;
/** partialInsertionSort fixes at most this many out-of-order adjacent pairs. */
const PARTIAL_INSERTION_MAX_STEPS = 5;
/** partialInsertionSort does not shift elements in ranges shorter than this. */
const PARTIAL_INSERTION_MIN_LENGTH = 50;

/** What the pivot sampling suggests about the existing order of the range. */
const enum Hint {
  Unknown = 0,
  Increasing = 1,
  Decreasing = 2,
}

const U64_MASK = (1n << 64n) - 1n;

/**
 * Number of bits needed to represent `n` (Go's `bits.Len(uint(n))`), with
 * bitLen(0) === 0. Works for any non-negative safe integer.
 */
function bitLen(n: number): number {
  if (n <= 0) return 0;
  if (n < 2 ** 32) return 32 - Math.clz32(n);
  let bits = 0;
  while (n >= 1) {
    n = Math.floor(n / 2);
    bits++;
  }
  return bits;
}

/**
 * Index-based view of the array being sorted. Keeping the comparator in terms
 * of positions (rather than values) is what lets the port follow Go's control
 * flow one-to-one: e.g. partition compares against "whatever is currently at
 * position a", which changes only when position a is swapped.
 */
class Sorter<T> {
  constructor(
    private readonly items: T[],
    private readonly less: (a: T, b: T) => boolean,
  ) {}

  lt(i: number, j: number): boolean {
    return this.less(this.items[i] as T, this.items[j] as T);
  }

  swap(i: number, j: number): void {
    const items = this.items;
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }

  /** Plain insertion sort of [lo, hi) by adjacent swaps. */
  insertionSort(lo: number, hi: number): void {
    for (let i = lo + 1; i < hi; i++) {
      for (let j = i; j > lo && this.lt(j, j - 1); j--) {
        this.swap(j, j - 1);
      }
    }
  }

  /**
   * Restores the max-heap property for the heap stored at [base, base+size),
   * starting from heap node `node` (heap-relative index).
   */
  private siftDown(node: number, size: number, base: number): void {
    let parent = node;
    for (;;) {
      let child = 2 * parent + 1;
      if (child >= size) return;
      // Pick the larger child; on a tie the left one wins.
      if (child + 1 < size && this.lt(base + child, base + child + 1)) child++;
      if (!this.lt(base + parent, base + child)) return;
      this.swap(base + parent, base + child);
      parent = child;
    }
  }

  /** Guaranteed O(n log n) fallback once the quicksort has made too many bad pivots. */
  heapSort(lo: number, hi: number): void {
    const n = hi - lo;
    // Heapify bottom-up so that the greatest element ends at the root.
    for (let i = Math.trunc((n - 1) / 2); i >= 0; i--) {
      this.siftDown(i, n, lo);
    }
    // Repeatedly move the root to the end of the shrinking heap.
    for (let end = n - 1; end >= 0; end--) {
      this.swap(lo, lo + end);
      this.siftDown(0, end, lo);
    }
  }

  /**
   * Main pdqsort loop over [lo, hi). `badPivotBudget` is how many unbalanced
   * partitions are tolerated before switching to heapsort. The larger side of
   * each partition is handled by looping, the smaller one by recursion, which
   * bounds the recursion depth logarithmically.
   */
  pdqsort(lo: number, hi: number, badPivotBudget: number): void {
    let balanced = true; // the previous partition was not too lopsided
    let partitioned = true; // the previous partition did not need any swap

    for (;;) {
      const n = hi - lo;

      if (n <= INSERTION_SORT_THRESHOLD) {
        this.insertionSort(lo, hi);
        return;
      }

      if (badPivotBudget === 0) {
        this.heapSort(lo, hi);
        return;
      }

      // A lopsided previous split suggests an adversarial pattern: perturb it.
      if (!balanced) {
        this.breakPatterns(lo, hi);
        badPivotBudget--;
      }

      let [pivot, hint] = this.choosePivot(lo, hi);
      if (hint === Hint.Decreasing) {
        // Looks descending: reverse the range so it looks ascending. The pivot
        // keeps its value, so its index mirrors around the range.
        this.reverseRange(lo, hi);
        pivot = hi - 1 - (pivot - lo);
        hint = Hint.Increasing;
      }

      // Probably already sorted: try to finish with a bounded insertion sort.
      if (balanced && partitioned && hint === Hint.Increasing) {
        if (this.partialInsertionSort(lo, hi)) return;
      }

      // The element just before this range is a previous pivot and is <= all
      // elements here. If it is not less than our pivot, the pivot equals the
      // minimum, so there are many duplicates: peel off the run of equal
      // elements and continue with the strictly greater remainder.
      if (lo > 0 && !this.lt(lo - 1, pivot)) {
        lo = this.partitionEqual(lo, hi, pivot);
        continue;
      }

      const [mid, alreadyPartitioned] = this.partition(lo, hi, pivot);
      partitioned = alreadyPartitioned;

      const leftLen = mid - lo;
      const rightLen = hi - mid;
      const minBalanced = Math.trunc(n / 8);
      if (leftLen < rightLen) {
        balanced = leftLen >= minBalanced;
        this.pdqsort(lo, mid, badPivotBudget);
        lo = mid + 1;
      } else {
        balanced = rightLen >= minBalanced;
        this.pdqsort(mid + 1, hi, badPivotBudget);
        hi = mid;
      }
    }
  }

  /**
   * Hoare-style partition around the element at `pivot`. The pivot is parked at
   * `lo` during the scan and moved into its final slot at the end. Elements
   * strictly less than the pivot go left, the rest go right. Also reports
   * whether no swap at all was needed (the range was already partitioned).
   */
  private partition(lo: number, hi: number, pivot: number): [number, boolean] {
    this.swap(lo, pivot);
    let left = lo + 1;
    let right = hi - 1; // both bounds inclusive

    while (left <= right && this.lt(left, lo)) left++;
    while (left <= right && !this.lt(right, lo)) right--;
    if (left > right) {
      this.swap(right, lo);
      return [right, true];
    }
    this.swap(left, right);
    left++;
    right--;

    for (;;) {
      while (left <= right && this.lt(left, lo)) left++;
      while (left <= right && !this.lt(right, lo)) right--;
      if (left > right) break;
      this.swap(left, right);
      left++;
      right--;
    }
    this.swap(right, lo);
    return [right, false];
  }

  /**
   * Splits [lo, hi), which holds no element smaller than the pivot, into the
   * elements equal to the pivot followed by those greater than it. Returns the
   * start of the "greater" part. Note that the pivot is left at `lo` and the
   * equal elements are not otherwise reordered beyond the swaps made here.
   */
  private partitionEqual(lo: number, hi: number, pivot: number): number {
    this.swap(lo, pivot);
    let left = lo + 1;
    let right = hi - 1;
    for (;;) {
      while (left <= right && !this.lt(lo, left)) left++;
      while (left <= right && this.lt(lo, right)) right--;
      if (left > right) break;
      this.swap(left, right);
      left++;
      right--;
    }
    return left;
  }

  /**
   * Tries to sort an almost-sorted range by fixing a handful of out-of-order
   * neighbours. Returns true when the whole range ended up sorted.
   *
   * Faithfulness note: the leftward shift runs down to index 1 of the *whole
   * array*, not to `lo + 1`. That is harmless for correctness (everything left
   * of `lo` is already <= this range), but it is a comparison Go really makes,
   * so it is kept to reproduce the exact same sequence of operations.
   */
  private partialInsertionSort(lo: number, hi: number): boolean {
    let i = lo + 1;
    for (let step = 0; step < PARTIAL_INSERTION_MAX_STEPS; step++) {
      while (i < hi && !this.lt(i, i - 1)) i++;

      if (i === hi) return true;
      // Too short to be worth shifting: let quicksort handle it.
      if (hi - lo < PARTIAL_INSERTION_MIN_LENGTH) return false;

      this.swap(i, i - 1);

      // Move the now-left (smaller) element further left while needed.
      if (i - lo >= 2) {
        for (let k = i - 1; k >= 1; k--) {
          if (!this.lt(k, k - 1)) break;
          this.swap(k, k - 1);
        }
      }
      // Move the now-right (greater) element further right while needed.
      if (hi - i >= 2) {
        for (let k = i + 1; k < hi; k++) {
          if (!this.lt(k, k - 1)) break;
          this.swap(k, k - 1);
        }
      }
    }
    return false;
  }

  /**
   * Swaps three elements around the middle of the range with pseudo-randomly
   * chosen positions. The generator is a 64-bit xorshift seeded with the range
   * length, so the "randomness" is fully deterministic, which is what makes
   * the result reproducible across runs (and across Go and this port).
   */
  private breakPatterns(lo: number, hi: number): void {
    const n = hi - lo;
    if (n < 8) return;

    let state = BigInt(n); // unsigned 64-bit xorshift state
    const mask = BigInt(2 ** bitLen(n) - 1); // next power of two above n, minus one
    const nextRandom = (): bigint => {
      state ^= (state << 13n) & U64_MASK;
      state ^= state >> 7n;
      state ^= (state << 17n) & U64_MASK;
      return state;
    };

    const middle = lo + Math.trunc(n / 4) * 2;
    for (let idx = middle - 1; idx <= middle + 1; idx++) {
      let other = Number(nextRandom() & mask);
      if (other >= n) other -= n;
      this.swap(idx, lo + other);
    }
  }

  /**
   * Picks a pivot index and guesses the order of the range from how many
   * swaps the median computations needed: none means it looks ascending,
   * all of them means it looks descending.
   *   - fewer than 8 elements: the element at lo + n/4*2, no comparisons;
   *   - fewer than 50: median of three samples at n/4, n/2, 3n/4;
   *   - otherwise: median of the medians of the three neighbourhoods.
   */
  private choosePivot(lo: number, hi: number): [number, Hint] {
    const n = hi - lo;
    const quarter = Math.trunc(n / 4);
    const counter = { swaps: 0 };
    let a = lo + quarter;
    let b = lo + quarter * 2;
    let c = lo + quarter * 3;

    if (n >= 8) {
      if (n >= NINTHER_THRESHOLD) {
        a = this.median3(a - 1, a, a + 1, counter);
        b = this.median3(b - 1, b, b + 1, counter);
        c = this.median3(c - 1, c, c + 1, counter);
      }
      b = this.median3(a, b, c, counter);
    }

    if (counter.swaps === 0) return [b, Hint.Increasing];
    if (counter.swaps === PIVOT_MAX_SWAPS) return [b, Hint.Decreasing];
    return [b, Hint.Unknown];
  }

  /**
   * Index of the median of three positions, found with a three-step
   * compare-exchange network over the *indices* (the array is not modified).
   * Every exchange is counted, feeding the ordering guess in choosePivot.
   */
  private median3(x: number, y: number, z: number, counter: { swaps: number }): number {
    // Order (x, y).
    if (this.lt(y, x)) {
      counter.swaps++;
      [x, y] = [y, x];
    }
    // Order (y, z); y becomes the larger-of-smaller candidate.
    if (this.lt(z, y)) {
      counter.swaps++;
      [y, z] = [z, y];
    }
    // Order (x, y) again; y is now the median.
    if (this.lt(y, x)) {
      counter.swaps++;
      [x, y] = [y, x];
    }
    return y;
  }

  private reverseRange(lo: number, hi: number): void {
    for (let i = lo, j = hi - 1; i < j; i++, j--) {
      this.swap(i, j);
    }
  }
}

/**
 * Sorts `items` in place exactly like Go's `sort.Slice(items, less)` would,
 * producing the identical permutation even when `less` reports ties.
 *
 * `less(a, b)` must report whether `a` sorts strictly before `b` (a strict
 * weak ordering, as Go requires).
 */
export function goSortSlice<T>(items: T[], less: (a: T, b: T) => boolean): void {
  const n = items.length;
  // Go allows about log2(n) bad pivots before giving up on quicksort.
  const budget = bitLen(n);
  new Sorter(items, less).pdqsort(0, n, budget);
}
