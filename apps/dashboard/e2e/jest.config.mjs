import { baseJestConfig } from '../../../jest.preset.mjs';

/** Browser end-to-end tests: one real API, dashboard and Chromium per file, so they run one file at a time. */
export default baseJestConfig(import.meta.url, {
  rootDir: new URL('..', import.meta.url).pathname,
  testMatch: ['<rootDir>/e2e/**/*.e2e.ts'],
  testTimeout: 180_000,
  maxWorkers: 1,
  moduleNameMapper: {
    ...baseJestConfig(import.meta.url).moduleNameMapper,
    '^@/(.*)$': '<rootDir>/$1',
  },
});
