import { type KeyStateView } from '@switchyard/key-pool';
import { type Command } from 'commander';
import { type ApiClient, checkShape, errorFromBody } from '../api-client.js';
import { type KeyState, keyStatePageSchema, type Readiness, readinessSchema } from '../api-responses.js';
import { type CliContext } from '../context.js';
import { readLocalConfig } from '../local/local-config.js';
import { LocalGateway } from '../local/local-gateway.js';
import { defaultStatePath } from '../local/state-file.js';
import { adminClient, globalsOf, type GlobalOptions, isLocal } from '../modes.js';
import { formatStatusTable, keyStatusFromApi, type KeyStatus } from '../output/key-status.js';
import { formatReadiness } from '../output/readiness.js';
import { parseSeconds } from './options.js';

const PAGE_SIZE = '200';
const CLEAR_SCREEN = '\u001b[H\u001b[2J';

interface StatusOptions {
  json?: boolean;
  watch?: boolean;
  interval: number;
}

/** One look at every key: the same data for the table and for --json. */
interface StatusReport {
  /** `api`: where it was read from; `config`: the file of local mode. */
  source: { api: string } | { config: string; state: string };
  ready: boolean;
  /** The API's readiness answer (API mode). */
  health?: Readiness;
  keys: KeyStatus[];
}

export function registerStatus(program: Command, context: CliContext): void {
  program
    .command('status')
    .summary('show every key and model: status, cooldown left, in flight, requests and cost today, failures')
    .description(
      "Reads GET /health/ready and GET /admin/key-state with the admin API key, or with --config the file's keys " +
        'and the cooldowns earlier local runs left in the state file. Exits 1 when the API is not ready.',
    )
    .option('--json', 'print the same data as JSON')
    .option('-w, --watch', 'refresh in place until Ctrl-C')
    .option('--interval <seconds>', 'how often --watch refreshes', parseSeconds, 2)
    .action(async (options: StatusOptions, command: Command) => {
      const globals = globalsOf(command);
      const read = isLocal(globals) ? () => readLocal(globals) : apiReader(globals, context);
      const show = (report: StatusReport) =>
        options.json ? JSON.stringify(report, null, 2) : render(report, context);
      if (!options.watch) {
        const report = await read();
        context.print(show(report));
        if (!report.ready) context.exitCode = 1;
        return;
      }
      const inPlace = context.terminal.stdout.isTTY === true && !options.json;
      const stop = context.interruption.claim();
      while (!stop.aborted) {
        const report = await read();
        const stamp = context.out.dim(
          `every ${options.interval} s, Ctrl-C stops · ${new Date().toLocaleTimeString()}`,
        );
        context.terminal.stdout.write(
          `${inPlace ? CLEAR_SCREEN : ''}${show(report)}\n${options.json ? '' : `${stamp}\n`}`,
        );
        await sleep(options.interval * 1000, stop);
      }
    });
}

function render(report: StatusReport, context: CliContext): string {
  const heading =
    'api' in report.source
      ? formatReadiness(report.source.api, report.health!, report.ready ? 200 : 503, context.out)
      : `Local: ${report.source.config} (state ${report.source.state})`;
  return `${heading}\n\n${formatStatusTable(report.keys, Date.now(), context.layout)}`;
}

function apiReader(globals: GlobalOptions, context: CliContext): () => Promise<StatusReport> {
  const { client, apiKey } = adminClient(globals, context.terminal.env, 'status');
  return async () => {
    // 503 is how the API says "not ready", with the same body; only other statuses are errors.
    const health = await client.send('GET', '/health/ready');
    const healthJson = await client.readJson(health, 'GET /health/ready');
    if (health.status !== 200 && health.status !== 503) {
      throw errorFromBody(health.status, healthJson, 'GET /health/ready');
    }
    const readiness = checkShape(readinessSchema, healthJson, 'GET /health/ready', health.status);
    const items = await allKeyStates(client, apiKey);
    return {
      source: { api: client.address },
      ready: health.status === 200,
      health: readiness,
      keys: items.map(keyStatusFromApi),
    };
  };
}

export async function allKeyStates(client: ApiClient, apiKey: string): Promise<KeyState[]> {
  const keys: KeyState[] = [];
  let cursor: string | undefined;
  do {
    const { body } = await client.json('GET', '/admin/key-state', keyStatePageSchema, {
      bearer: apiKey,
      query: { limit: PAGE_SIZE, cursor },
    });
    keys.push(...body.items);
    cursor = body.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return keys;
}

/** Local mode reads the file and the state afresh each time, so --watch follows other runs' traffic. */
async function readLocal(globals: GlobalOptions): Promise<StatusReport> {
  const config = await readLocalConfig(globals.config!);
  const state = globals.state ?? defaultStatePath(globals.config!);
  const gateway = await LocalGateway.open(config, state);
  try {
    return {
      source: { config: config.file, state },
      ready: true,
      keys: gateway.snapshot().map((view) => localKeyStatus(view, gateway)),
    };
  } finally {
    await gateway.close();
  }
}

function localKeyStatus(view: KeyStateView, gateway: LocalGateway): KeyStatus {
  const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());
  return {
    keyId: view.keyId,
    label: view.label ?? null,
    provider: view.provider,
    tier: String(view.tier),
    status: view.status,
    cooldownUntil: iso(view.cooldownUntil),
    reason: view.reason,
    inFlight: view.inFlight,
    models: view.models.map((model) => {
      const usage = gateway.usageOf(view.keyId, model.model);
      return {
        model: model.model,
        status: model.status,
        cooldownUntil: iso(model.cooldownUntil),
        reason: model.reason,
        inFlight: model.inFlight,
        requestsToday: usage?.requests ?? 0,
        costTodayUsd: usage && usage.unpriced > 0 ? null : Number(usage?.costMicros ?? 0) / 1e6,
        failures: model.failures,
      };
    }),
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
