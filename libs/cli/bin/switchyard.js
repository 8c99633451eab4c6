#!/usr/bin/env node
// npm links a bin only when its file exists at install time, and dist/ appears only with a build, so the linked
// file is this committed one: `npx switchyard` then works on a fresh clone as soon as it is built.
try {
  await import('../dist/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  process.stderr.write('switchyard: the CLI is not built yet; run `npm run build` first\n');
  process.exitCode = 1;
}
