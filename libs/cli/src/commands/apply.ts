import { type Command } from 'commander';
import { checkShape, errorFromBody } from '../api-client.js';
import { type ConfigApply, configApplySchema, configRejectedSchema } from '../api-responses.js';
import { type CliContext } from '../context.js';
import { adminClient, globalsOf } from '../modes.js';
import { renderTable } from '../output/table.js';
import { readInput } from './import-keys.js';

const PATH = '/admin/config/apply';

export function registerApply(program: Command, context: CliContext): void {
  program
    .command('apply')
    .summary('apply a SWITCHYARD_CONFIG file to the running API')
    .description(
      'Sends the file to POST /admin/config/apply and prints what it creates, updates or leaves unchanged. ' +
        'Providers, keys, teams with budgets and tokens, routes, prices and settings; nothing is ever deleted. ' +
        'The whole file is checked first: one problem and nothing is applied (exit 1). Applying it again changes nothing.',
    )
    .argument('<file>', 'the YAML file')
    .option('--dry-run', 'print the plan and write nothing')
    .option('--json', "print the API's answer as JSON")
    .action(async (file: string, options: { dryRun?: boolean; json?: boolean }, command: Command) => {
      const { client, apiKey } = adminClient(globalsOf(command), context.terminal.env, 'apply');
      const content = await readInput(file);
      const response = await client.send('POST', PATH, {
        bearer: apiKey,
        body: { content, dryRun: options.dryRun === true },
      });
      const json = await client.readJson(response, `POST ${PATH}`);
      if (!response.ok) {
        const rejected = configRejectedSchema.safeParse(json);
        if (rejected.success) {
          for (const problem of rejected.data.problems) {
            context.note(
              `${file} line ${problem.line}: ${problem.field ? `${problem.field}: ` : ''}${problem.message}`,
            );
          }
        }
        throw errorFromBody(response.status, json, `POST ${PATH}`);
      }
      const plan = checkShape(configApplySchema, json, `POST ${PATH}`, response.status);
      context.print(options.json ? JSON.stringify(plan, null, 2) : formatPlan(plan, context));
    });
}

function formatPlan(plan: ConfigApply, context: CliContext): string {
  const { style } = context.layout;
  const paint = (action: string) =>
    action === 'create'
      ? style.green(action)
      : action === 'update'
        ? style.yellow(action)
        : style.dim(action);
  const table = renderTable(
    ['ACTION', 'KIND', 'NAME', 'FIELDS'],
    plan.changes.map((change) => [paint(change.action), change.kind, change.name, change.fields.join(', ')]),
    { ...context.layout, shrinkable: [2, 3] },
  );
  const count = (action: string) => plan.changes.filter((change) => change.action === action).length;
  const [creates, updates, unchanged] = [count('create'), count('update'), count('unchanged')];
  const tally = `${creates} to create, ${updates} to update, ${unchanged} unchanged`;
  const outcome = plan.dryRun
    ? `Dry run: ${tally}; nothing was applied.`
    : creates + updates === 0
      ? `Nothing to change: all ${unchanged} already match.`
      : `Applied: ${creates} created, ${updates} updated, ${unchanged} unchanged.`;
  return `${table}\n${outcome}`;
}
