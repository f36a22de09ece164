import { defineConfig } from 'vitest/config';

// One Node-side suite: a global setup starts real PostgreSQL, the Neon gateway and builds the Worker bundle;
// each test file gets its own database (cloned from a migrated template) and its own workerd via Miniflare,
// and talks to it over real HTTP like any client.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Files share a fork's module cache: importing wrangler/miniflare once per fork instead of once per file cut
    // the suite from ~175 s to ~100 s. Safe here because no test mocks modules or changes process-wide state;
    // each file still gets its own database and Worker.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 90_000,
    teardownTimeout: 30_000,
    reporters: ['default'],
  },
});
