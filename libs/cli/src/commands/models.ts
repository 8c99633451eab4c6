import { ApiClient } from '../api-client.js';
import { modelListSchema } from '../api-responses.js';
import { type OptionSpecs } from '../args.js';
import { defineCommand } from '../command.js';
import { API_URL_OPTION, TOKEN_OPTION, requireToken, resolveApiUrl } from '../connection.js';
import { EXIT_OK, UsageError } from '../errors.js';

const options = {
  json: { type: 'boolean', description: "print the API's list as JSON" },
  ...API_URL_OPTION,
  ...TOKEN_OPTION,
} satisfies OptionSpecs;

export const modelsCommand = defineCommand({
  name: 'models',
  summary: 'list the models the proxy token may call',
  usage: '[options]',
  details: [
    'Calls GET /v1/models with the proxy token and prints one provider/model id (or alias) per line.',
  ],
  options,
  async run({ options, positionals, terminal }) {
    if (positionals.length > 0) throw new UsageError(`models takes no arguments (got "${positionals[0]}")`);
    const client = new ApiClient(resolveApiUrl(options['api-url'], terminal.env));
    const token = requireToken(options.token, terminal.env, 'models');
    const { body } = await client.json('GET', '/v1/models', modelListSchema, { bearer: token });
    if (options.json) terminal.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    else for (const model of body.data) terminal.stdout.write(`${model.id}\n`);
    return EXIT_OK;
  },
});
