import { ApiClient, checkShape, errorFromBody } from '../api-client.js';
import { type KeyStateItem, keyStatePageSchema, readinessSchema } from '../api-responses.js';
import { type OptionSpecs } from '../args.js';
import { defineCommand } from '../command.js';
import { API_KEY_OPTION, API_URL_OPTION, requireApiKey, resolveApiUrl } from '../connection.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../errors.js';
import { formatKeyStateTable, formatReadiness } from '../output/key-state-table.js';

const PAGE_SIZE = '200';

const options = {
  json: { type: 'boolean', description: 'print {"health", "keys"} as JSON instead of the table' },
  ...API_URL_OPTION,
  ...API_KEY_OPTION,
} satisfies OptionSpecs;

export const statusCommand = defineCommand({
  name: 'status',
  summary: "show the API's readiness and every provider key's state",
  usage: '[options]',
  details: [
    'Reads GET /health/ready and GET /admin/key-state (every page) with the admin API key.',
    'The cooldown column shows the key-wide rest, or else the model that recovers first. Exits 1 when the API is not ready.',
  ],
  options,
  async run({ options, positionals, terminal }) {
    if (positionals.length > 0) throw new UsageError(`status takes no arguments (got "${positionals[0]}")`);
    const client = new ApiClient(resolveApiUrl(options['api-url'], terminal.env));
    const apiKey = requireApiKey(options['api-key'], terminal.env, 'status');

    // 503 is how the API says "not ready", with the same body; only other statuses are errors.
    const health = await client.send('GET', '/health/ready');
    const healthJson = await client.readJson(health, 'GET /health/ready');
    if (health.status !== 200 && health.status !== 503) {
      throw errorFromBody(health.status, healthJson, 'GET /health/ready');
    }
    const readiness = checkShape(readinessSchema, healthJson, 'GET /health/ready', health.status);

    const keys: KeyStateItem[] = [];
    let cursor: string | undefined;
    do {
      const { body } = await client.json('GET', '/admin/key-state', keyStatePageSchema, {
        bearer: apiKey,
        query: { limit: PAGE_SIZE, cursor },
      });
      keys.push(...body.items);
      cursor = body.nextCursor ?? undefined;
    } while (cursor !== undefined);

    if (options.json) {
      terminal.stdout.write(`${JSON.stringify({ health: readiness, keys }, null, 2)}\n`);
    } else {
      terminal.stdout.write(`${formatReadiness(client.address, readiness, health.status)}\n\n`);
      terminal.stdout.write(`${formatKeyStateTable(keys, Date.now())}\n`);
    }
    return health.status === 200 ? EXIT_OK : EXIT_FAILURE;
  },
});
