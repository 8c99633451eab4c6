import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { API_ENTRY, API_ENVIRONMENT, API_NODE_FLAGS } from '../../../../scripts/api-process.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

describe("the API process's entry, Node flags and environment", () => {
  it('are the ones the container and the API package start it with', () => {
    const dockerfile = readFileSync(path.join(root, 'docker/api.Dockerfile'), 'utf8');
    const command = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(JSON.parse(command ?? 'null')).toEqual(['node', ...API_NODE_FLAGS, API_ENTRY]);
    for (const [name, value] of Object.entries(API_ENVIRONMENT))
      expect(dockerfile).toMatch(new RegExp(`^ENV ${name}=${value}$`, 'm'));
    const manifest = JSON.parse(readFileSync(path.join(root, 'apps/api/package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const defaults = Object.entries(API_ENVIRONMENT).map(([name, value]) => `${name}=\${${name}:-${value}}`);
    // `exec`: npm runs scripts through `sh -c`, which would not pass npm's SIGTERM on to Node.
    expect(manifest.scripts.start).toBe(
      [...defaults, 'exec', 'node', ...API_NODE_FLAGS, path.relative('apps/api', API_ENTRY)].join(' '),
    );
  });

  it('are flags this Node knows', () => {
    // Node refuses to start on a flag it does not know: one that a Node upgrade drops fails here first.
    const output = execFileSync(
      process.execPath,
      [...API_NODE_FLAGS, '-e', 'process.stdout.write("started")'],
      {
        encoding: 'utf8',
      },
    );
    expect(output).toBe('started');
  });
});
