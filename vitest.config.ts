import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Tests that check measured GC CPU against the model's prediction (within 20%) run on their
// own, after everything else: on a 2-vCPU machine, compiles and browsers running beside them
// moved GC CPU by 25% and more. Everything else runs in parallel.
const measuring = ['src/gc/model.test.ts', 'test/e2e/gc-service.test.ts'];

export default defineConfig({
  test: {
    // Tests run the real Go toolchain; some compile packages for three architectures.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // A cache of its own, so tests neither use nor fill a developer's ~/.cache/heapwise.
    env: { HEAPWISE_CACHE: path.join(import.meta.dirname, 'node_modules/.cache/heapwise-test-cache') },
    projects: [
      {
        extends: true,
        test: { name: 'main', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: measuring, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'measuring', include: measuring, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
