import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Tests run the real Go toolchain; some compile packages for three architectures.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // A cache of its own, so tests neither use nor fill a developer's ~/.cache/heapwise.
    env: { HEAPWISE_CACHE: path.join(import.meta.dirname, 'node_modules/.cache/heapwise-test-cache') },
  },
});
