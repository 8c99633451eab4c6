import { baseJestConfig } from '../../jest.preset.mjs';

/**
 * The chaos suite: each spec file starts a private PostgreSQL cluster, a private Redis and API processes built in
 * `dist/`, then breaks them. One file at a time, since its timings assume the machine is not shared with another.
 */
export default baseJestConfig(import.meta.url, {
  testMatch: ['<rootDir>/test/chaos/**/*.spec.ts'],
  maxWorkers: 1,
  testTimeout: 180_000,
});
