import { type Command } from 'commander';
import { ApiClient } from './api-client.js';
import { requireApiKey, requireToken, resolveApiUrl } from './connection.js';
import { UsageError } from './errors.js';
import { readLocalConfig } from './local/local-config.js';
import { LocalGateway } from './local/local-gateway.js';
import { defaultStatePath } from './local/state-file.js';
import { type Terminal } from './terminal.js';

/** The options every command takes, before or after its name. */
export interface GlobalOptions {
  apiUrl?: string;
  apiKey?: string;
  token?: string;
  config?: string;
  state?: string;
}

export const globalsOf = (command: Command) => command.optsWithGlobals<GlobalOptions>();

/** Local mode: `--config FILE` runs the command in this process, on the file's keys, with no API. */
export const isLocal = (options: GlobalOptions) => options.config !== undefined;

export function adminClient(options: GlobalOptions, env: Terminal['env'], command: string) {
  refuseLocal(options, command);
  const client = new ApiClient(resolveApiUrl(options.apiUrl, env));
  return { client, apiKey: requireApiKey(options.apiKey, env, command) };
}

export function tokenClient(options: GlobalOptions, env: Terminal['env'], command: string) {
  const client = new ApiClient(resolveApiUrl(options.apiUrl, env));
  return { client, token: requireToken(options.token, env, command) };
}

/** For commands that only the API can do: a clear "no" instead of quietly ignoring `--config`. */
export function refuseLocal(options: GlobalOptions, command: string): void {
  if (isLocal(options)) {
    throw new UsageError(
      `${command} talks to the API and does not take --config (local mode runs chat, status, test and keys reset)`,
    );
  }
  if (options.state !== undefined) throw new UsageError('--state goes with --config (local mode)');
}

/**
 * Opens the file's key pool with what earlier runs left in the state file, runs `work`, and writes the state
 * back (atomically) whatever `work` ends with: a 429 seen now cools the key for the next run.
 */
export async function withLocalGateway<T>(
  options: GlobalOptions,
  work: (gateway: LocalGateway) => Promise<T>,
): Promise<T> {
  const configFile = options.config!;
  const gateway = await LocalGateway.open(
    await readLocalConfig(configFile),
    options.state ?? defaultStatePath(configFile),
  );
  try {
    return await work(gateway);
  } finally {
    await gateway.save();
    await gateway.close();
  }
}
