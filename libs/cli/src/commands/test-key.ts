import { ApiClient } from '../api-client.js';
import { type KeyTest, keyTestSchema } from '../api-responses.js';
import { type OptionSpecs } from '../args.js';
import { defineCommand } from '../command.js';
import { API_KEY_OPTION, API_URL_OPTION, requireApiKey, resolveApiUrl } from '../connection.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../errors.js';

const KEY_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const options = {
  json: { type: 'boolean', description: "print the API's answer as JSON" },
  ...API_URL_OPTION,
  ...API_KEY_OPTION,
} satisfies OptionSpecs;

export const testCommand = defineCommand({
  name: 'test',
  summary: 'check one provider key live against its provider',
  usage: '[options] <keyId>',
  details: [
    'Calls POST /admin/provider-keys/:id/test with the admin API key; `switchyard status` lists the ids.',
    "Prints ok and the provider's latency, or the provider's error and exits 1. A pass re-enables a key disabled for auth.",
  ],
  options,
  async run({ options, positionals, terminal }) {
    const [keyId, extra] = positionals;
    if (keyId === undefined) throw new UsageError('test needs a key id: switchyard test <keyId>');
    if (extra !== undefined) throw new UsageError('test takes one key id');
    if (!KEY_ID_PATTERN.test(keyId)) {
      throw new UsageError('keyId must be a provider key id (a UUID, as switchyard status shows)');
    }
    const client = new ApiClient(resolveApiUrl(options['api-url'], terminal.env));
    const apiKey = requireApiKey(options['api-key'], terminal.env, 'test');
    const { body } = await client.json('POST', `/admin/provider-keys/${keyId}/test`, keyTestSchema, {
      bearer: apiKey,
    });
    terminal.stdout.write(`${options.json ? JSON.stringify(body, null, 2) : formatKeyTest(body)}\n`);
    return body.ok ? EXIT_OK : EXIT_FAILURE;
  },
});

export function formatKeyTest(test: KeyTest): string {
  const status = test.keyStatus ? ` (key status: ${test.keyStatus})` : '';
  return test.ok
    ? `ok: the provider answered in ${test.latencyMs} ms${status}`
    : `failed after ${test.latencyMs} ms${status}: ${test.error ?? 'the provider refused the key'}`;
}
