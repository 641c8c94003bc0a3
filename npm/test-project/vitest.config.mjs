import { defineConfig } from 'vitest/config';

// Test files run in parallel worker processes; each starts its own mock on a free port.
export default defineConfig({
  test: { pool: 'forks', fileParallelism: true, testTimeout: 30000, hookTimeout: 60000 },
});
