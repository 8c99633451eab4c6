import { type Command } from 'commander';
import { keyTestSchema } from '../api-responses.js';
import { type CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { checkLocalKey, type KeyCheckResult } from '../local/local-test.js';
import { adminClient, globalsOf, isLocal, withLocalGateway } from '../modes.js';
import { progressBar } from '../output/progress.js';
import { renderTable } from '../output/table.js';
import { allKeyStates } from './status.js';
import { parseKeyId } from './options.js';

const CONCURRENCY = 4;

interface TestOptions {
  provider?: string;
  json?: boolean;
}

interface KeyToTest {
  keyId: string;
  label: string;
  provider: string;
  check(): Promise<KeyCheckResult>;
}

export function registerTest(program: Command, context: CliContext): void {
  program
    .command('test')
    .summary('check keys live: a 1-token completion each, then a summary')
    .description(
      'Checks every key (or one, or --provider P) with a 1-token completion: through POST /admin/provider-keys/:id/test ' +
        "with the admin API key, or with --config straight from here with the file's keys. A pass brings back a key " +
        'disabled for auth. Exits 1 when any key fails, naming it and why.',
    )
    .argument('[keyId]', 'one key, as switchyard status shows it', parseKeyId)
    .option('--provider <name>', 'only the keys of this provider')
    .option('--json', 'print the results as JSON')
    .action(async (keyId: string | undefined, options: TestOptions, command: Command) => {
      const globals = globalsOf(command);
      const results = isLocal(globals)
        ? await withLocalGateway(globals, (gateway) =>
            runChecks(
              choose(
                gateway.config.keys.map((key) => ({
                  keyId: key.id,
                  label: key.label,
                  provider: key.provider,
                  check: () => checkLocalKey(gateway, key),
                })),
                keyId,
                options,
              ),
              context,
            ),
          )
        : await testThroughApi(keyId, options, globals, context);
      report(results, options, context);
    });
}

async function testThroughApi(
  keyId: string | undefined,
  options: TestOptions,
  globals: ReturnType<typeof globalsOf>,
  context: CliContext,
): Promise<KeyCheckResult[]> {
  const { client, apiKey } = adminClient(globals, context.terminal.env, 'test');
  const keys = (await allKeyStates(client, apiKey)).map((item) => ({
    keyId: item.keyId,
    label: item.label ?? item.keyId,
    provider: item.provider,
    check: async (): Promise<KeyCheckResult> => {
      const { body } = await client.json('POST', `/admin/provider-keys/${item.keyId}/test`, keyTestSchema, {
        bearer: apiKey,
      });
      return {
        keyId: item.keyId,
        label: item.label ?? item.keyId,
        provider: item.provider,
        ok: body.ok,
        latencyMs: body.latencyMs,
        model: body.model ?? null,
        ...(body.error === undefined ? {} : { error: body.error }),
      };
    },
  }));
  return runChecks(choose(keys, keyId, options), context);
}

function choose(keys: KeyToTest[], keyId: string | undefined, options: TestOptions): KeyToTest[] {
  const chosen = keys.filter(
    (key) =>
      (keyId === undefined || key.keyId === keyId) &&
      (options.provider === undefined || key.provider === options.provider),
  );
  if (chosen.length === 0) {
    const what =
      keyId !== undefined
        ? `no key ${keyId}`
        : options.provider !== undefined
          ? `no key of provider ${options.provider}`
          : 'no keys';
    throw new UsageError(`${what} to test (switchyard status lists them)`);
  }
  return chosen;
}

/** A few at a time, with a progress bar on a terminal; the results come back in the order of the keys. */
async function runChecks(keys: KeyToTest[], context: CliContext): Promise<KeyCheckResult[]> {
  const progress = progressBar(context.terminal.stderr, keys.length, 'testing');
  const results: KeyCheckResult[] = new Array(keys.length);
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const index = next++;
      const key = keys[index]!;
      results[index] = await key.check();
      progress.tick(key.label);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, keys.length) }, worker));
  } finally {
    progress.stop();
  }
  return results;
}

function report(results: KeyCheckResult[], options: TestOptions, context: CliContext): void {
  const failed = results.filter((result) => !result.ok);
  if (options.json) {
    context.print(
      JSON.stringify({ passed: results.length - failed.length, failed: failed.length, results }, null, 2),
    );
  } else {
    const { style } = context.layout;
    context.print(
      renderTable(
        ['ID', 'LABEL', 'PROVIDER', 'MODEL', 'RESULT', 'LATENCY', 'ERROR'],
        results.map((result) => [
          result.keyId,
          result.label,
          result.provider,
          result.model ?? '—',
          result.ok ? style.green('ok') : style.red('failed'),
          `${result.latencyMs} ms`,
          result.error ?? '',
        ]),
        { ...context.layout, shrinkable: [1, 6, 3] },
      ),
    );
    context.print(`${results.length - failed.length} of ${results.length} keys passed.`);
  }
  for (const result of failed) {
    context.note(`switchyard: key ${result.label} (${result.keyId}) failed: ${result.error ?? 'refused'}`);
  }
  if (failed.length > 0) context.exitCode = 1;
}
