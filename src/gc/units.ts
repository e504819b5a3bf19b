// Sizes, percentages and durations as people write them on the command line: 512MiB, 1GiB,
// 500MB, 5%, 30s.
import { UsageError } from '../core/errors.js';

const units: Record<string, number> = { '': 1, b: 1, kib: 1 << 10, mib: 1 << 20, gib: 1 << 30, tib: 2 ** 40, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, k: 1 << 10, m: 1 << 20, g: 1 << 30 };

export function parseBytes(text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const mult = m ? units[m[2]!.toLowerCase()] : undefined;
  if (!m || mult === undefined || Number(m[1]) <= 0) throw new UsageError(`${flag}: expected a size such as 512MiB, 2GiB or 500MB, not "${text}"`);
  return Math.round(Number(m[1]) * mult);
}

export function parsePercent(text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  if (!m || Number(m[1]) <= 0 || Number(m[1]) > 100) throw new UsageError(`${flag}: expected a percentage such as 5%, not "${text}"`);
  return Number(m[1]);
}

/** GOGC as Go reads it: a non-negative integer or "off". */
export function parseGogc(text: string, flag: string): number | null {
  if (text.toLowerCase() === 'off') return null;
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag}: expected a non-negative integer or "off", not "${text}"`);
  return Number(text);
}

/** A GOMEMLIMIT value for the environment: Go accepts B, KiB, MiB, GiB, TiB suffixes only. */
export function goMemLimit(bytes: number): string {
  return `${Math.floor(bytes)}B`;
}

const durationUnits: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** A duration in Go's time.ParseDuration form (30s, 1m30s, 500ms), in seconds. */
export function parseDuration(text: string, flag: string): number {
  const parts = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/.test(text.trim()) ? [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)] : [];
  if (parts.length === 0) throw new UsageError(`${flag}: expected a duration such as 30s, 1m30s or 500ms, not "${text}"`);
  return parts.reduce((sec, m) => sec + Number(m[1]) * durationUnits[m[2]!]!, 0);
}
