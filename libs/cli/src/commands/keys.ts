import { type Command } from 'commander';
import { keyLimitsSchema, type KeyLimits, keyStateSchema } from '../api-responses.js';
import { type CliContext } from '../context.js';
import { ApiError } from '../errors.js';
import { adminClient, globalsOf, isLocal, withLocalGateway } from '../modes.js';
import { formatRemaining } from '../output/duration.js';
import { formatStatusTable, keyStatusFromApi } from '../output/key-status.js';
import { renderTable } from '../output/table.js';
import { parseKeyId } from './options.js';

export function registerKeys(program: Command, context: CliContext): void {
  const keys = program.command('keys').summary("operations on one key's live state");
  keys
    .command('reset')
    .summary("end a key's cooldowns, escalation and breakers, for every model")
    .description(
      'POST /admin/provider-keys/:id/reset: every rest of the key ends on every replica, and its escalation and ' +
        'breakers start afresh (audited as provider_key.reset). With --config, the same in the state file. A key ' +
        'disabled for auth stays disabled: only a passing switchyard test brings it back.',
    )
    .argument('<keyId>', 'the key, as switchyard status shows it', parseKeyId)
    .option('--json', "print the key's state as JSON")
    .action(async (keyId: string, options: { json?: boolean }, command: Command) => {
      const globals = globalsOf(command);
      if (isLocal(globals)) {
        await withLocalGateway(globals, async (gateway) => {
          if (!gateway.pool.resetKey(keyId)) {
            throw new ApiError(
              `no key ${keyId} in ${gateway.config.file} (switchyard status --config lists them)`,
              null,
              null,
              null,
            );
          }
          context.print(`Reset ${gateway.key(keyId)?.label ?? keyId}: every cooldown of the key ended.`);
        });
        return;
      }
      const { client, apiKey } = adminClient(globals, context.terminal.env, 'keys reset');
      const { body } = await client.json('POST', `/admin/provider-keys/${keyId}/reset`, keyStateSchema, {
        bearer: apiKey,
      });
      context.print(
        options.json
          ? JSON.stringify(body, null, 2)
          : formatStatusTable([keyStatusFromApi(body)], Date.now(), context.layout),
      );
    });
  keys
    .command('limits')
    .summary("the provider's own limits for a key: rate-limit headers, OpenRouter's credit")
    .description(
      'GET /admin/provider-keys/:id/limits: the last x-ratelimit-* / anthropic-ratelimit-* headers seen for the key, ' +
        "and for OpenRouter keys its key endpoint's limit, usage and rate limit. --refresh makes one 1-token call first.",
    )
    .argument('<keyId>', 'the key, as switchyard status shows it', parseKeyId)
    .option('--refresh', 'make one minimal live call for fresh figures')
    .option('--json', "print the API's answer as JSON")
    .action(async (keyId: string, options: { refresh?: boolean; json?: boolean }, command: Command) => {
      const { client, apiKey } = adminClient(globalsOf(command), context.terminal.env, 'keys limits');
      const { body } = await client.json('GET', `/admin/provider-keys/${keyId}/limits`, keyLimitsSchema, {
        bearer: apiKey,
        query: { refresh: options.refresh ? 'true' : undefined },
      });
      context.print(options.json ? JSON.stringify(body, null, 2) : formatLimits(body, context));
      if (body.refreshed && !body.refreshed.ok) context.exitCode = 1;
    });
}

function formatLimits(limits: KeyLimits, context: CliContext): string {
  const now = Date.now();
  const lines: string[] = [];
  if (limits.refreshed) {
    const { ok, latencyMs, model, error } = limits.refreshed;
    lines.push(
      ok
        ? `Refreshed with one call to ${model} (${latencyMs} ms).`
        : `The refresh call failed: ${error ?? 'refused'}`,
    );
  }
  if (limits.headers) {
    const age = formatRemaining(now - Date.parse(limits.headers.seenAt));
    lines.push(`Rate-limit headers seen ${age} ago, calling ${limits.headers.model}:`);
    lines.push(
      renderTable(
        ['WINDOW', 'LIMIT', 'REMAINING', 'RESETS IN'],
        limits.headers.windows.map((window) => [
          window.name,
          window.limit === null ? '—' : String(window.limit),
          window.remaining === null
            ? '—'
            : window.remaining === 0
              ? context.out.red('0')
              : String(window.remaining),
          window.resetAt === null ? '—' : formatRemaining(Math.max(0, Date.parse(window.resetAt) - now)),
        ]),
        context.layout,
      ),
    );
  } else {
    lines.push('No rate-limit headers seen for this key yet (--refresh makes one call to get them).');
  }
  const openrouter = limits.openrouter;
  if (openrouter && 'error' in openrouter)
    lines.push(`OpenRouter's key endpoint refused: ${openrouter.error}`);
  else if (openrouter) {
    const usd = (value: number | null) => (value === null ? 'none' : `$${value}`);
    const rate = openrouter.rateLimit
      ? `, ${openrouter.rateLimit.requests} requests per ${openrouter.rateLimit.interval}`
      : '';
    lines.push(
      `OpenRouter: credit limit ${usd(openrouter.limitUsd)}, used $${openrouter.usageUsd ?? 0}, remaining ${usd(openrouter.limitRemainingUsd)}${rate}.`,
    );
  }
  return lines.join('\n');
}
