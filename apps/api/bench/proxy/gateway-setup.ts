import { AdminApi } from './admin-api.js';

/** Where the Switchyard under test listens, and its owner's sign-in (see switchyard-api.ts). */
export interface SwitchyardReady {
  url: string;
  adminEmail: string;
  adminPassword: string;
}

/**
 * Governance that is checked on every request but never refuses one in the bench: a monthly budget far above what
 * the run spends, rpm/tpm limits far above its rate, and an allow-list that names the bench's model among others.
 */
const BUDGET = { limitUsd: 1_000_000, period: 'monthly' };
const TOKEN_LIMITS = {
  rpm: 100_000_000,
  tpm: 1_000_000_000,
  allowedModels: ['openai/gpt-4o', 'openai/gpt-4o-mini', 'anthropic/*'],
};
const KEY_SYNC_TIMEOUT_MS = 10_000;

/**
 * Sets the gateway up as an operator would, over the admin API: the provider's URL, the keys, a team and its
 * token, and with governance the team's budget and the token's limits and allow-list. Answers the token.
 */
export async function configureGateway(
  switchyard: SwitchyardReady,
  options: { upstreamBaseUrl: string; providerSecrets: readonly string[]; governance: boolean },
): Promise<string> {
  const admin = await signedIn(switchyard);
  await admin.call('PATCH', '/admin/providers/openai', { baseUrl: options.upstreamBaseUrl });
  for (const secret of options.providerSecrets)
    await admin.call('POST', '/admin/provider-keys', { provider: 'openai', secret, validate: false });
  const team = await admin.call<{ id: string }>('POST', '/admin/teams', { name: 'bench' });
  if (options.governance) await admin.call('PUT', `/admin/teams/${team.id}/budget`, BUDGET);
  const { token } = await admin.call<{ token: string }>('POST', `/admin/teams/${team.id}/tokens`, {
    name: 'bench',
    ...(options.governance ? TOKEN_LIMITS : {}),
  });
  await waitForKeysInPool(admin, options.providerSecrets.length);
  return token;
}

/** How many requests each provider key served, from the key-state view. */
export async function requestsPerKey(switchyard: SwitchyardReady): Promise<number[]> {
  const admin = await signedIn(switchyard);
  const { items } = await admin.call<{ items: { models: { requests: number }[] }[] }>(
    'GET',
    '/admin/key-state',
  );
  return items.map((key) => key.models.reduce((sum, model) => sum + model.requests, 0));
}

async function signedIn(switchyard: SwitchyardReady): Promise<AdminApi> {
  const admin = new AdminApi(switchyard.url);
  await admin.signIn(switchyard.adminEmail, switchyard.adminPassword);
  return admin;
}

/** Keys reach the pool through the change feed, a moment after the admin call answers. */
async function waitForKeysInPool(api: AdminApi, count: number): Promise<void> {
  const deadline = Date.now() + KEY_SYNC_TIMEOUT_MS;
  for (;;) {
    const { items } = await api.call<{ items: unknown[] }>('GET', '/admin/key-state');
    if (items.length >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${items.length} of ${count} keys reached the key pool`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
