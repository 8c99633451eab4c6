import { fileURLToPath } from 'node:url';
import path from 'node:path';

const workspaceRoot = path.dirname(fileURLToPath(import.meta.url));

const ESM_ONLY_PACKAGES = ['cookie', 'content-disposition'];

const swcTransform = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

/** Shared Jest settings: ES modules through SWC, workspace libs resolved to their sources. */
export function baseJestConfig(configFileUrl, overrides = {}) {
  const rootDir = path.dirname(fileURLToPath(configFileUrl));
  return {
    rootDir,
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    transform: {
      '^.+\\.ts$': swcTransform,
      // These ship ESM only but are require()d by CommonJS dependencies (Fastify's inject, @fastify/static);
      // Jest on Node 20 cannot load them raw.
      [`node_modules/(${ESM_ONLY_PACKAGES.join('|')})/.+\\.js$`]: [
        '@swc/jest',
        { module: { type: 'commonjs' } },
      ],
    },
    transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY_PACKAGES.join('|')})/)`],
    moduleNameMapper: {
      '^@switchyard/([a-z-]+)$': `${workspaceRoot}/libs/$1/src/index.ts`,
      // A library's subpath export (`@switchyard/testing/oidc`) is the folder of that name in its sources.
      '^@switchyard/([a-z-]+)/([a-z-]+)$': `${workspaceRoot}/libs/$1/src/$2/index.ts`,
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
    ...overrides,
  };
}

export const libJestConfig = (configFileUrl, overrides) => baseJestConfig(configFileUrl, overrides);
