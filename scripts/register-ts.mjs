// Runs TypeScript directly on Node 20 for benchmarks and dev scripts: `node --import ./scripts/register-ts.mjs x.ts`.
// Sources are compiled by SWC with the same settings Jest uses, and workspace libraries resolve to their sources.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
