import { baseJestConfig } from '../../jest.preset.mjs';

export default baseJestConfig(import.meta.url, {
  globalSetup: '<rootDir>/test/global-setup.ts',
  // Integration specs boot a Nest app and a Postgres clone each; two workers fit the machine.
  maxWorkers: 2,
  testTimeout: 30_000,
  // The chaos suite runs on its own (`chaos` target): it starts its own clusters and needs the machine to itself.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/chaos/'],
});
