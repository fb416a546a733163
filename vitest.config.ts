import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globals: true,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/**/*.test.ts'], exclude: ['tests/runtime/**'] },
      },
      {
        // Runs the defects and their fixes against real servers, started once for the run.
        extends: true,
        test: {
          name: 'runtime',
          include: ['tests/runtime/**/*.test.ts'],
          globalSetup: ['tests/runtime/global-setup.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
