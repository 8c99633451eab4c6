// The second half of the API's build: tsc's output in dist/, from dist/main.js down, bundled with what it imports
// from node_modules into one minified file, dist/main.bundle.js, which is what every start runs (README, "Memory").
// Loaded as some 1,500 modules, the API keeps each one's source text and module record, and V8 leaves behind the
// memory it parsed and compiled them with; one file costs less of all three.
//
// It bundles tsc's JavaScript, not the TypeScript sources: tsc emits the decorator metadata Nest's dependency
// injection reads, and esbuild would not. dist/ keeps tsc's modules too: the CLI in dist/cli runs from them.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { blankRedundantNameCalls } from './bundle-names.mjs';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dist');
const bundleFile = path.join(dist, 'main.bundle.js');

/** Left to Node's own resolution at run time. */
const EXTERNAL = [
  // A native addon: its loader picks the .node binary for this platform from its own directory.
  '@node-rs/argon2',
  // Optional packages Nest and its Fastify adapter import only when they are installed, in a try: none is, and the
  // import must fail at run time as it does unbundled.
  '@nestjs/microservices',
  '@nestjs/microservices/*',
  '@nestjs/platform-express',
  '@nestjs/websockets/*',
  '@fastify/multipart',
  '@fastify/view',
  'class-transformer',
  'class-validator',
  // Loaded on first use, which most processes never reach (single sign-on; a route with a Fastify schema): kept out
  // of the bundle, they stay out of the source text V8 holds, and are loaded from node_modules when needed. The YAML
  // parser stays in: an external that bundled code imports statically would be imported at start.
  'openid-client',
  '@fastify/ajv-compiler',
  '@fastify/fast-json-stringify-compiler',
];

// CommonJS packages bundled into an ES module still call `require` and read `__filename` and `__dirname`, which an
// ES module does not have, so the bundle gives them its own, which name dist/. What finds files beside itself
// (swagger-ui-dist's assets, gpt-tokenizer's vocabulary, the embedded PostgreSQL binaries) is reached at run time
// from node_modules through createRequire or a computed import(), which esbuild leaves alone. Pino would look for
// its transport worker beside itself, but the logger uses no transport; Prisma's generated client only logs its
// directory.
const COMMONJS_GLOBALS = [
  "import { createRequire as __bundleRequire } from 'node:module';",
  "import { fileURLToPath as __bundlePathOf } from 'node:url';",
  "import { dirname as __bundleDirname } from 'node:path';",
  'const require = __bundleRequire(import.meta.url);',
  'const __filename = __bundlePathOf(import.meta.url);',
  'const __dirname = __bundleDirname(__filename);',
].join('\n');

await build({
  entryPoints: [path.join(dist, 'main.js')],
  outfile: bundleFile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: { js: COMMONJS_GLOBALS },
  external: EXTERNAL,
  // Whitespace and syntax only: identifiers keep their names, so stack traces and logs stay legible.
  minifyWhitespace: true,
  minifySyntax: true,
  // Nest and the API read class names (injection tokens, log contexts, error names); esbuild renames classes whose
  // names collide across modules, and this keeps `name` what the source says (at a cost on the hot path that
  // bundle-names.mjs takes off again).
  keepNames: true,
  // Built on tsc's maps, so `node --enable-source-maps` reports the TypeScript lines.
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
});

await writeFile(bundleFile, blankRedundantNameCalls(await readFile(bundleFile, 'utf8')).code);
