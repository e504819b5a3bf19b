// The registry: every analyzer heapwise has, by id.
import type { Analyzer } from './analyzer.js';
import { structPadding } from './struct-padding.js';

export const analyzers: Analyzer[] = [structPadding];

export function analyzerById(id: string): Analyzer | undefined {
  return analyzers.find((a) => a.id === id);
}
