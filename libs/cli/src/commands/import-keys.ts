import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiClient, checkShape, errorFromBody } from '../api-client.js';
import { importReportSchema } from '../api-responses.js';
import { type OptionSpecs } from '../args.js';
import { defineCommand } from '../command.js';
import { API_KEY_OPTION, API_URL_OPTION, requireApiKey, resolveApiUrl } from '../connection.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../errors.js';
import { formatImportReport } from '../output/import-report.js';

const PATH = '/admin/provider-keys/import';
const FORMATS = ['env', 'yaml'] as const;
const TIERS = ['primary', 'daily', 'fallback'] as const;

const options = {
  format: {
    type: 'string',
    valueName: 'env|yaml',
    description: 'how to read the file (default: yaml for .yaml and .yml, else env)',
  },
  'dry-run': { type: 'boolean', description: 'report what would happen and save nothing' },
  'no-validate': { type: 'boolean', description: 'skip the live check of each key against its provider' },
  tier: {
    type: 'string',
    valueName: 'primary|daily|fallback',
    description: 'the tier of entries that name none (default: primary)',
  },
  json: { type: 'boolean', description: "print the API's report as JSON" },
  ...API_URL_OPTION,
  ...API_KEY_OPTION,
} satisfies OptionSpecs;

export const importCommand = defineCommand({
  name: 'import',
  summary: 'import provider keys from a .env or tiered YAML file',
  usage: '[options] <file>',
  details: [
    'Sends the file to POST /admin/provider-keys/import with the admin API key and prints the per-line report.',
    '.env lines read PROVIDER_API_KEY[_N]=…; YAML holds primary/daily/fallback lists of {provider, base_url?, api_key, models?}.',
    'All or nothing: one invalid entry and nothing is saved (exit 1). Keys already stored are skipped. A dry run that would be refused exits 1 too.',
  ],
  options,
  async run({ options, positionals, terminal }) {
    const [file, extra] = positionals;
    if (file === undefined) throw new UsageError('import needs a file: switchyard import <file>');
    if (extra !== undefined) throw new UsageError('import takes one file');
    const format = oneOf('--format', options.format ?? formatOf(file), FORMATS);
    const tier = options.tier === undefined ? undefined : oneOf('--tier', options.tier, TIERS);
    const client = new ApiClient(resolveApiUrl(options['api-url'], terminal.env));
    const apiKey = requireApiKey(options['api-key'], terminal.env, 'import');
    const content = await readImportFile(file);

    const response = await client.send('POST', PATH, {
      bearer: apiKey,
      body: {
        format,
        content,
        dryRun: options['dry-run'] === true,
        validate: options['no-validate'] !== true,
        ...(tier === undefined ? {} : { tier }),
      },
    });
    const json = await client.readJson(response, `POST ${PATH}`);
    if (!response.ok) {
      // A refused import still carries the per-line report, which says which lines to fix.
      const refused = importReportSchema.safeParse(json);
      if (refused.success) terminal.stdout.write(`${render(refused.data, options.json)}\n`);
      throw errorFromBody(response.status, json, `POST ${PATH}`);
    }
    const report = checkShape(importReportSchema, json, `POST ${PATH}`, response.status);
    terminal.stdout.write(`${render(report, options.json)}\n`);
    return report.accepted ? EXIT_OK : EXIT_FAILURE;
  },
});

export function formatOf(file: string): string {
  const extension = path.extname(file).toLowerCase();
  return extension === '.yaml' || extension === '.yml' ? 'yaml' : 'env';
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')}`);
}

const render = (report: Parameters<typeof formatImportReport>[0], json: boolean | undefined) =>
  json ? JSON.stringify(report, null, 2) : formatImportReport(report);

async function readImportFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
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
