import { createRequire } from 'node:module';
import { type FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;
type CompilerBuilder = (...args: unknown[]) => unknown;

// They are fastify's dependencies, so they are resolved from where fastify is installed.
const requireFromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));

/**
 * Fastify's own schema compilers, loaded when a route first declares a Fastify schema. Fastify loads them when
 * the server is created (two copies of Ajv and fast-json-stringify, about 2 MB of heap), but the API validates
 * requests with zod pipes and declares no Fastify schemas, so they are never used. Fastify counts a compiler given
 * here as custom, which only means it keeps a header schema's property names as written: the API has none.
 */
export function lazySchemaCompilers(): CompilersFactory {
  let validator: CompilerBuilder | undefined;
  let serializer: CompilerBuilder | undefined;
  const load = (name: string) => (requireFromFastify(name) as () => CompilerBuilder)();
  return {
    buildValidator: ((...args: unknown[]) =>
      (validator ??= load('@fastify/ajv-compiler'))(...args)) as CompilersFactory['buildValidator'],
    buildSerializer: ((...args: unknown[]) =>
      (serializer ??= load('@fastify/fast-json-stringify-compiler'))(
        ...args,
      )) as CompilersFactory['buildSerializer'],
  };
}
