import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Tests run the real Go toolchain; some compile packages for three architectures.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
