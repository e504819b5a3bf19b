// The registry: every analyzer heapwise has, by id.
import type { Analyzer } from './analyzer.js';
import { bytesConvLoop } from './bytes-conv-loop.js';
import { deferInLoop } from './defer-in-loop.js';
import { escapeAnalyzer } from './escape.js';
import { falseSharing } from './false-sharing.js';
import { fmtHotLoop } from './fmt-hot-loop.js';
import { goroutineLeak } from './goroutine-leak.js';
import { jsonGenericMap } from './json-generic-map.js';
import { forcedGC } from './forced-gc.js';
import { hugeParam } from './huge-param.js';
import { pointerSlice } from './pointer-slice.js';
import { poolEscapeAfterPut } from './pool-escape-after-put.js';
import { poolNoReset } from './pool-no-reset.js';
import { poolNonpointer } from './pool-nonpointer.js';
import { poolOversized } from './pool-oversized.js';
import { preallocMap } from './prealloc-map.js';
import { preallocSlice } from './prealloc-slice.js';
import { readallUnbounded } from './readall-unbounded.js';
import { stringConcatLoop } from './string-concat-loop.js';
import { structPadding } from './struct-padding.js';
import { subsliceRetention } from './subslice-retention.js';
import { timeAfterLoop } from './time-after-loop.js';
import { unboundedCache } from './unbounded-cache.js';

export const analyzers: Analyzer[] = [structPadding, falseSharing, escapeAnalyzer, preallocSlice, preallocMap, stringConcatLoop, deferInLoop, timeAfterLoop, readallUnbounded, forcedGC, hugeParam, pointerSlice, poolNonpointer, poolNoReset, poolOversized, poolEscapeAfterPut, fmtHotLoop, bytesConvLoop, jsonGenericMap, goroutineLeak, unboundedCache, subsliceRetention];

export function analyzerById(id: string): Analyzer | undefined {
  return analyzers.find((a) => a.id === id);
}
