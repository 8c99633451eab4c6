import { type Command } from 'commander';
import { modelListSchema } from '../api-responses.js';
import { type CliContext } from '../context.js';
import { globalsOf, refuseLocal, tokenClient } from '../modes.js';

export function registerModels(program: Command, context: CliContext): void {
  program
    .command('models')
    .summary('list the models the proxy token may call')
    .description('Reads GET /v1/models with the proxy token: one provider/model id per line.')
    .option('--json', "print the API's answer as JSON")
    .action(async (options: { json?: boolean }, command: Command) => {
      const globals = globalsOf(command);
      refuseLocal(globals, 'models');
      const { client, token } = tokenClient(globals, context.terminal.env, 'models');
      const { body } = await client.json('GET', '/v1/models', modelListSchema, { bearer: token });
      if (options.json) context.print(JSON.stringify(body, null, 2));
      else for (const model of body.data) context.print(model.id);
    });
}
