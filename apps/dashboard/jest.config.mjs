import { baseJestConfig } from '../../jest.preset.mjs';

export default baseJestConfig(import.meta.url, {
  testMatch: [
    '<rootDir>/lib/**/*.spec.ts',
    '<rootDir>/components/**/*.spec.ts',
    '<rootDir>/app/**/*.spec.ts',
  ],
  moduleNameMapper: {
    ...baseJestConfig(import.meta.url).moduleNameMapper,
    '^@/(.*)$': '<rootDir>/$1',
  },
});
