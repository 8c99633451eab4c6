import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { checkShape, errorFromBody } from '../api-client.js';
import { type ImportReport, importReportSchema } from '../api-responses.js';
import { type CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { adminClient, globalsOf } from '../modes.js';
import { formatImportReport } from '../output/import-report.js';

const PATH = '/admin/provider-keys/import';

interface ImportOptions {
  format?: 'env' | 'yaml';
  dryRun?: boolean;
  validate: boolean;
  tier?: 'primary' | 'daily' | 'fallback';
  json?: boolean;
}

export function registerImport(program: Command, context: CliContext): void {
  program
    .command('import')
    .summary('import provider keys from a .env or tiered YAML file')
    .description(
      'Sends the file to POST /admin/provider-keys/import and prints the per-line report. .env lines read ' +
        'PROVIDER_API_KEY[_N]=…, other lines are skipped; YAML holds primary/daily/fallback lists of ' +
        '{provider, base_url?, api_key, models?}. All or nothing: one invalid key and nothing is saved (exit 1).',
    )
    .argument('<file>', 'the .env or YAML file')
    .addOption(
      new Option(
        '--format <format>',
        'how to read the file (default: yaml for .yaml/.yml, else env)',
      ).choices(['env', 'yaml']),
    )
    .option('--dry-run', 'report what would happen and save nothing')
    .option('--no-validate', 'skip the live check of each key against its provider')
    .addOption(
      new Option('--tier <tier>', 'the tier of entries that name none (default: primary)').choices([
        'primary',
        'daily',
        'fallback',
      ]),
    )
    .option('--json', "print the API's report as JSON")
    .action(async (file: string, options: ImportOptions, command: Command) => {
      const { client, apiKey } = adminClient(globalsOf(command), context.terminal.env, 'import');
      const content = await readInput(file);
      const response = await client.send('POST', PATH, {
        bearer: apiKey,
        body: {
          format: options.format ?? formatOf(file),
          content,
          dryRun: options.dryRun === true,
          validate: options.validate,
          ...(options.tier === undefined ? {} : { tier: options.tier }),
        },
      });
      const json = await client.readJson(response, `POST ${PATH}`);
      const render = (report: ImportReport) =>
        options.json ? JSON.stringify(report, null, 2) : formatImportReport(report, context.layout);
      if (!response.ok) {
        // A refused import still carries the per-line report, which says which lines to fix.
        const refused = importReportSchema.safeParse(json);
        if (refused.success) context.print(render(refused.data));
        throw errorFromBody(response.status, json, `POST ${PATH}`);
      }
      const report = checkShape(importReportSchema, json, `POST ${PATH}`, response.status);
      context.print(render(report));
      if (!report.accepted) context.exitCode = 1;
    });
}

export function formatOf(file: string): 'env' | 'yaml' {
  const extension = path.extname(file).toLowerCase();
  return extension === '.yaml' || extension === '.yml' ? 'yaml' : 'env';
}

/** A file the user named: not readable is a usage error naming why. */
export async function readInput(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a directory'
            : String(code ?? error);
    throw new UsageError(`cannot read ${file}: ${reason}`);
  }
}
