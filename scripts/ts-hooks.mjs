import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from '@swc/core';

const SOURCE_CONDITION = '@switchyard/source';

export async function resolve(specifier, context, nextResolve) {
  const conditions = [...new Set([...(context.conditions ?? []), SOURCE_CONDITION])];
  if (
    (specifier.startsWith('.') || specifier.startsWith('/')) &&
    specifier.endsWith('.js') &&
    context.parentURL
  ) {
    const candidate = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    const compiled = new URL(specifier, context.parentURL);
    if (!existsSync(fileURLToPath(compiled)) && existsSync(fileURLToPath(candidate))) {
      return nextResolve(candidate.href, { ...context, conditions });
    }
  }
  return nextResolve(specifier, { ...context, conditions });
}

export async function load(url, context, nextLoad) {
  if (!url.endsWith('.ts') || url.includes('/node_modules/')) return nextLoad(url, context);
  const source = await readFile(fileURLToPath(url), 'utf8');
  const output = await transform(source, {
    filename: fileURLToPath(url),
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  });
  return { format: 'module', source: output.code, shortCircuit: true };
}
