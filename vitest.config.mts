import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = {
  '@': path.resolve(import.meta.dirname),
  // `server-only` throws outside React Server Components; tests call the data layer directly.
  'server-only': path.resolve(import.meta.dirname, 'tests/server-only-stub.ts'),
};

const integration = (name: string, driver: 'pglite' | 'postgres') => ({
  resolve: { alias },
  test: {
    name,
    include: ['tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { ADHERE_TEST_DRIVER: driver, APP_TIMEZONE: 'UTC' },
  },
});

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      integration('integration', 'pglite'),
      // Runs only when a PostgreSQL server is available to create throw-away databases on.
      ...(process.env.TEST_DATABASE_URL ? [integration('integration-postgres', 'postgres')] : []),
    ],
  },
});
