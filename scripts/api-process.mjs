// How the API process is started, wherever it is: `npm start`, the replicas, the demo, the tests and benches that
// run it as its own process, and the container (docker/api.Dockerfile and `npm start` in apps/api repeat these; a
// spec keeps them in step). README, "Memory", says what each one buys.

/**
 * What the API process runs, relative to the repository root: the one minified file the build bundles the API into
 * (apps/api/bundle.mjs), not tsc's modules beside it.
 */
export const API_ENTRY = 'apps/api/dist/main.bundle.js';

export const API_NODE_FLAGS = Object.freeze([
  // V8 allocates every later object of a code site straight in the old generation once it has seen most of that
  // site's objects survive a young collection. On the /v1 path those are request objects that die within
  // milliseconds; in the old generation they wait for a full collection and keep what they point to alive through
  // every young one, so whole requests were promoted. Without it the old generation grows four times slower and a
  // request costs 15 to 20% less CPU.
  '--no-allocation-site-pretenuring',
  // Between full collections V8 lets the old generation grow to up to four times what survived the last one; half
  // again as much keeps the heap near 1.5 times its live size, for a full collection every few seconds under load
  // (about 1% of CPU).
  '--heap-growing-percent=50',
]);

/** Defaults for the API's environment; a value the environment already has wins. */
export const API_ENVIRONMENT = Object.freeze({
  // glibc gives each thread that allocates (V8's compiler and GC helpers, libuv's pool) an arena of its own, up to
  // 8 per CPU, and each keeps what was freed in it: two arenas hold about 20 MB less under load, at no CPU cost
  // that the proxy bench can see. Other C libraries ignore it.
  MALLOC_ARENA_MAX: '2',
});
