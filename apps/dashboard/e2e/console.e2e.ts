import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFile, mkdir } from 'node:fs/promises';
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { startWebhookReceiver } from '@switchyard/testing';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newSession, screenshot, signIn } from './support/browser';
import { ADMIN, startStack, WORKSPACE_ROOT, type Stack } from './support/stack';

/**
 * One operator's first hour, through the browser: sign in, add two keys with a live test, create a team with a
 * budget, issue a token, send traffic while one key is rate-limited, and watch it all on Keys, Overview, Usage
 * and the Audit log. Then the same console seen by an auditor and by a team admin.
 */

const KEY_A = 'sk-e2e-key-a-0000000001';
const KEY_B = 'sk-e2e-key-b-0000000002';
const KEY_C = 'sk-e2e-key-c-0000000003';
const MODEL = 'gpt-4o-mini';
const REQUESTS = 8;

let stack: Stack;
let browser: Browser;
let page: Page;
let pageErrors: string[];
let proxyToken = '';
let researchTeamUrl = '';

beforeAll(async () => {
  stack = await startStack();
  browser = await launchChromium();
  ({ page, pageErrors } = await newSession(browser, stack.dashboardUrl));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function submitAndWait(
  page: Page,
  form: ReturnType<Page['locator']>,
  button: string,
  expectText: RegExp,
) {
  await form.getByRole('button', { name: button }).click();
  await form.getByText(expectText).waitFor();
}

async function chat(token: string, model = `mock/${MODEL}`): Promise<Response> {
  return fetch(`${stack.apiUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Say hello in five words' }] }),
  });
}

/** The API itself, as the bootstrap admin: to check what the console did. */
async function adminApi(route: string): Promise<Record<string, unknown>> {
  const login = await fetch(`${stack.apiUrl}/admin/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const response = await fetch(`${stack.apiUrl}${route}`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  return (await response.json()) as Record<string, unknown>;
}

describe('an administrator', () => {
  it('signs in', async () => {
    await page.goto('/login');
    await screenshot(page, 'login');
    await expect(page.getByTestId('first-owner-guide').count()).resolves.toBe(0);
    await expect(page.getByTestId('api-url').textContent()).resolves.toBe(`API ${stack.apiUrl}`);
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await expect(page.getByTestId('viewer-role').first().textContent()).resolves.toBe('Owner');
    // The footer names the API this console talks to, so no one signs in to another install by mistake.
    await expect(page.getByTestId('api-url').last().textContent()).resolves.toBe(`API ${stack.apiUrl}`);
  });

  it('adds a custom provider pointing at the mock, and prices its model', async () => {
    await page.goto('/keys/new');
    const providerForm = page.getByRole('form', { name: 'Add a custom provider' });
    await providerForm.getByLabel('Name').fill('mock');
    await providerForm.getByLabel('Wire format').selectOption('openai');
    await providerForm.getByLabel('Base URL').fill(stack.mock.baseUrl('openai'));
    await submitAndWait(page, providerForm, 'Add provider', /Added provider mock/);

    await page.goto('/settings/pricing');
    const priceForm = page.getByRole('form', { name: 'Add or change a price' });
    await priceForm.getByLabel('Provider').fill('mock');
    await priceForm.getByLabel('Model').fill(MODEL);
    await priceForm.getByLabel('Input $/M').fill('150');
    await priceForm.getByLabel('Output $/M').fill('600');
    await submitAndWait(page, priceForm, 'Save price', /Saved the price of mock\/gpt-4o-mini/);
    await page.getByRole('rowheader', { name: `mock/${MODEL}` }).waitFor();
    await screenshot(page, 'settings-pricing');
  });

  it('adds two keys, each tested against the provider before it is saved', async () => {
    await page.goto('/keys/new');
    for (const [secret, label] of [
      [KEY_A, 'Key A'],
      [KEY_B, 'Key B'],
    ] as const) {
      const form = page.getByRole('form', { name: 'Add a provider key' });
      await form.getByLabel('Provider').selectOption('mock');
      await form.getByLabel('API key').fill(secret);
      await form.getByLabel('Label').fill(label);
      await expect(form.getByLabel('Test before saving').isChecked()).resolves.toBe(true);
      await submitAndWait(
        page,
        form,
        'Save key',
        new RegExp(`Saved ${label} \\(mock, ••••${secret.slice(-4)}\\)\\. The provider accepted it`),
      );
    }
    expect(stack.mock.requests(KEY_A)).toBeGreaterThanOrEqual(1);
    expect(stack.mock.requests(KEY_B)).toBeGreaterThanOrEqual(1);

    // A refused key is reported with the provider's own error and not saved.
    stack.mock.script('sk-e2e-refused-0000', { failure: { type: 'auth' } });
    const form = page.getByRole('form', { name: 'Add a provider key' });
    await form.getByLabel('Provider').selectOption('mock');
    await form.getByLabel('API key').fill('sk-e2e-refused-0000');
    await form.getByRole('button', { name: 'Save key' }).click();
    await form.getByText(/Mock refused the key: .*401/).waitFor();

    // The bulk import previews each line before anything is saved, keeps the tier chosen, lists every bad line
    // and offers to import the valid keys only.
    const importForm = page.getByRole('form', { name: 'Import keys in bulk' });
    await importForm.getByLabel('Tier for lines without one').selectOption('daily');
    await importForm
      .getByLabel('Keys')
      .fill(
        `MOCK_API_KEY_1=${KEY_A}\nMOCK_API_KEY_2=${KEY_C}\nMOCK_TOKEN=not-a-key-variable\nMOCK_API_KEY_3=short\nnot even an assignment`,
      );
    await importForm.getByRole('button', { name: 'Preview' }).click();
    const report = importForm.getByTestId('import-report');
    await report.waitFor();
    await expect(report.getByText('Already stored', { exact: true }).count()).resolves.toBe(1);
    await expect(report.getByText('New', { exact: true }).count()).resolves.toBe(1);
    await expect(report.getByText('Not a key', { exact: true }).count()).resolves.toBe(1);
    await expect(report.getByText('Invalid', { exact: true }).count()).resolves.toBe(2);
    await expect(importForm.getByLabel('Tier for lines without one').inputValue()).resolves.toBe('daily');
    await screenshot(page, 'keys-new');
    await importForm
      .getByRole('button', { name: 'Import the 1 valid key as daily, skip the bad lines' })
      .click();
    await importForm.getByText(/Imported 1 key\(s\)/).waitFor();
    const keys = await adminApi('/admin/provider-keys?limit=200');
    const keyC = (keys.items as { last4: string; tier: string }[]).find(
      (key) => key.last4 === KEY_C.slice(-4),
    );
    expect(keyC?.tier).toBe('daily');
  });

  it('creates a team with a budget and issues it a token, shown once', async () => {
    await page.goto('/teams');
    const teamForm = page.getByRole('form', { name: 'Create a team' });
    await teamForm.getByLabel('Team name').fill('Research');
    await Promise.all([
      page.waitForURL(/\/teams\/[0-9a-f-]{36}$/),
      teamForm.getByRole('button', { name: 'Create team' }).click(),
    ]);
    researchTeamUrl = new URL(page.url()).pathname;

    const budget = page.getByRole('form', { name: 'Budget' });
    await budget.getByLabel('Limit (USD)').fill('25');
    await budget.getByLabel('Period').selectOption('monthly');
    await budget.getByLabel('Alert at (%)').fill('80');
    await submitAndWait(page, budget, 'Set budget', /Budget saved/);
    await expect(page.getByTestId('budget-summary').textContent()).resolves.toContain('$25.00');

    const tokenForm = page.getByRole('form', { name: 'Issue a proxy token' });
    await tokenForm.getByLabel('Name').fill('notebook');
    await tokenForm.getByRole('button', { name: 'Issue token' }).click();
    const secret = page.getByTestId('one-time-secret');
    await secret.waitFor();
    proxyToken = await secret.inputValue();
    expect(proxyToken).toMatch(/^sy-/);
    await expect(page.getByText('It is shown only once').isVisible()).resolves.toBe(true);
    await screenshot(page, 'team');

    // Shown once: after a reload only the prefix is left.
    await page.reload();
    await expect(page.getByTestId('one-time-secret').count()).resolves.toBe(0);
    await expect(page.getByTestId('token-row').first().textContent()).resolves.toContain(
      proxyToken.slice(0, 8),
    );
  });

  it('sends traffic through the gateway while one key is rate-limited', async () => {
    stack.mock.script(KEY_B, { failure: { type: 'rate_limit', retryAfterSeconds: 120 } });
    stack.mock.script(KEY_A, {
      latencyMs: 40,
      rateLimitHeaders: { limitRequests: 500, remainingRequests: 499 },
    });
    const statuses: number[] = [];
    for (let i = 0; i < REQUESTS; i += 1) statuses.push((await chat(proxyToken)).status);
    expect(statuses).toEqual(Array(REQUESTS).fill(200));
    // A malformed request: a refusal of the gateway's own, not an upstream error.
    const malformed = await fetch(`${stack.apiUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${proxyToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: `mock/${MODEL}`, messages: 'not a list' }),
    });
    expect(malformed.status).toBe(400);
    // Key B was tried and refused with 429; the gateway retried on Key A.
    expect(stack.mock.requests(KEY_B)).toBeGreaterThanOrEqual(2);
  });

  it('sees the cooling key and its countdown on the Keys page', async () => {
    await page.goto('/keys');
    const keyB = page.locator('[data-testid=key-row][data-key-label="Key B"]');
    await keyB.waitFor();
    await expect(keyB.getAttribute('data-status')).resolves.toBe('cooling');
    const countdown = keyB.getByTestId('cooldown-countdown');
    // The countdown renders once the page is interactive; until then it shows an ellipsis.
    await page.waitForFunction(
      (el) => el !== null && el.textContent !== '…',
      await countdown.elementHandle(),
    );
    const first = await countdown.textContent();
    expect(first).toMatch(/^(2m 00s|1m \d\ds|\d+s)$/);
    await page.waitForTimeout(2200);
    const later = await countdown.textContent();
    expect(later).not.toBe(first);
    await expect(
      page.locator('[data-testid=key-row][data-key-label="Key A"]').getAttribute('data-status'),
    ).resolves.toBe('ready');

    await keyB.getByRole('button', { name: /Show models of Key B/ }).click();
    const models = page.getByTestId('key-models').first();
    await models.waitFor();
    await expect(models.textContent()).resolves.toMatch(/rate limited \(429\)/);
    const file = await screenshot(page, 'keys');
    await mkdir(path.join(WORKSPACE_ROOT, 'docs/images'), { recursive: true });
    await copyFile(file, path.join(WORKSPACE_ROOT, 'docs/images/keys.png'));

    // Reset ends the rest at once, on every replica.
    stack.mock.script(KEY_B, {});
    await keyB.getByRole('button', { name: 'Reset' }).click();
    await keyB.getByText('Cooldowns cleared.').waitFor();
    await page.waitForFunction(
      () =>
        document
          .querySelector('[data-testid=key-row][data-key-label="Key B"]')
          ?.getAttribute('data-status') === 'ready',
    );
  });

  it("shows a key's provider limits in its details", async () => {
    await page.goto('/keys');
    const keyA = page.locator('[data-testid=key-row][data-key-label="Key A"]');
    await keyA.getByRole('button', { name: /Show models of Key A/ }).click();
    const windows = page.getByTestId('limit-windows');
    await windows.waitFor();
    await expect(windows.textContent()).resolves.toMatch(/requests\s*500\s*499/);
    await screenshot(page, 'key-limits');
  });

  it('sees cost and latency on the Overview', async () => {
    // Usage is written in batches; it shows up within seconds.
    let requestsText = '';
    for (let attempt = 0; attempt < 20; attempt += 1) {
      await page.goto('/');
      requestsText = (await page.getByTestId('stat-requests').locator('dd').first().textContent()) ?? '';
      if (Number(requestsText.replace(/\D/g, '')) >= REQUESTS) break;
      await page.waitForTimeout(1000);
    }
    expect(Number(requestsText.replace(/\D/g, ''))).toBeGreaterThanOrEqual(REQUESTS);
    const spendToday = (await page.getByTestId('stat-spend-today').locator('dd').first().textContent()) ?? '';
    expect(Number(spendToday.replace(/[$,]/g, ''))).toBeGreaterThan(0);
    await expect(page.getByTestId('stat-latency').locator('dd').first().textContent()).resolves.toMatch(
      /\d+(\.\d)? ms/,
    );
    await page.getByTestId('cost-chart-svg').waitFor();
    await expect(page.getByRole('region', { name: 'Top teams this month' }).textContent()).resolves.toContain(
      'Research',
    );
    await expect(
      page.getByRole('region', { name: 'Top models this month' }).textContent(),
    ).resolves.toContain(`mock/${MODEL}`);
    await screenshot(page, 'overview');

    const dark = await newSession(browser, stack.dashboardUrl, { colorScheme: 'dark' });
    await signIn(dark.page, ADMIN.email, ADMIN.password);
    await dark.page.getByTestId('cost-chart-svg').waitFor();
    await dark.page.getByTestId('stat-latency').waitFor();
    await screenshot(dark.page, 'overview-dark');
    await dark.page.goto('/keys');
    await dark.page.locator('[data-testid=key-row]').first().waitFor();
    await screenshot(dark.page, 'keys-dark');
    await dark.context.close();
  });

  it('sees the same traffic on the Usage page, and exports it as CSV', async () => {
    await page.goto('/usage?groupBy=model');
    const row = page.getByTestId('usage-row').filter({ hasText: `mock/${MODEL}` });
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(Number(cells[0]!.replace(/\D/g, ''))).toBeGreaterThanOrEqual(REQUESTS);
    expect(cells[5]).toMatch(/^\$0\.\d{2,6}$/);
    expect(cells[6]).toMatch(/ms/);
    await screenshot(page, 'usage');

    // The refused requests show apart from the errors: the upstream never failed.
    await page.goto('/usage?groupBy=team');
    const research = page.getByTestId('usage-row').filter({ hasText: 'Research' });
    await research.waitFor();
    await expect(research.getByTestId('usage-errors').textContent()).resolves.toMatch(/^0/);
    await expect(research.getByTestId('usage-refusals').textContent()).resolves.toBe('1');
    const csv = await page.request.get('/api/usage.csv?groupBy=model');
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const text = await csv.text();
    expect(text.split('\n')[0]).toBe(
      'model,requests,promptTokens,completionTokens,costUsd,p50Ms,p95Ms,errors,refusals,unpricedRequests',
    );
    expect(text).toContain(`mock/${MODEL}`);
  });

  it("spends per person: usage by team and user, the Requests tab, a request, the team's top users", async () => {
    const named = await fetch(`${stack.apiUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${proxyToken}`,
        'content-type': 'application/json',
        'x-switchyard-user': 'ada@example.com',
      },
      body: JSON.stringify({ model: `mock/${MODEL}`, messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(named.status).toBe(200);
    // Usage is written within seconds: reload until the row is there.
    const row = page.getByTestId('usage-row').filter({ hasText: 'ada@example.com' });
    for (let attempt = 0; attempt < 20 && (await row.count()) === 0; attempt += 1) {
      await page.goto('/usage?groupBy=team&groupBy=user');
      if ((await row.count()) === 0) await page.waitForTimeout(500);
    }
    await expect(row.locator('th').allTextContents()).resolves.toEqual(['Research', 'ada@example.com']);
    await expect(row.locator('td').first().textContent()).resolves.toBe('1');
    await screenshot(page, 'usage-by-user');

    await row.getByRole('link', { name: 'ada@example.com' }).click();
    await page.waitForURL(/\/usage\/requests\?user=ada/);
    const request = page.getByTestId('request-row');
    await request.first().waitFor();
    await expect(request.count()).resolves.toBe(1);
    await expect(request.textContent()).resolves.toContain(`mock/${MODEL}`);
    await screenshot(page, 'requests');
    await request.getByRole('link').first().click();
    const detail = page.getByTestId('request-detail');
    await detail.waitFor();
    await expect(detail.textContent()).resolves.toContain('ada@example.com');

    await page.goto('/usage/requests?status=refused');
    await page.getByTestId('request-row').first().waitFor();
    await expect(page.getByTestId('request-row').first().textContent()).resolves.toContain('Refused');

    await page.goto(researchTeamUrl);
    const topUsers = page.getByTestId('team-top-users');
    await topUsers.waitFor();
    await expect(topUsers.textContent()).resolves.toContain('ada@example.com');
  });

  it('finds every step in the Audit log, with the hash chain intact', async () => {
    await page.goto('/audit');
    const badge = page.getByTestId('chain-badge');
    await badge.waitFor();
    await expect(badge.getAttribute('data-chain')).resolves.toBe('intact');
    const actions = await page
      .getByTestId('audit-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')));
    for (const action of [
      'auth.login.succeeded',
      'provider.create',
      'pricing.create',
      'provider_key.create',
      'team.create',
      'budget.set',
      'token.create',
    ]) {
      expect(actions).toContain(action);
    }
    expect(actions.filter((action) => action === 'provider_key.create')).toHaveLength(3);
    expect(actions).toContain('provider_key.reset');

    // Before and after of the budget, field by field.
    const budgetRow = page.locator('[data-testid=audit-row][data-action="budget.set"]').first();
    await budgetRow.locator('summary').click();
    await expect(budgetRow.getByTestId('audit-diff').textContent()).resolves.toContain('limitUsd');
    await screenshot(page, 'audit');

    await page.goto('/audit?action=token.*');
    await expect(
      page.getByTestId('audit-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action'))),
    ).resolves.toEqual(['token.create']);
  });

  it('edits a token in place, then rotates it with an overlap in which both work', async () => {
    await page.goto(researchTeamUrl);
    const row = page.getByTestId('token-row').filter({ hasText: 'notebook' });
    await row.getByRole('button', { name: 'Edit' }).click();
    const editForm = page.getByRole('form', { name: 'Edit notebook' });
    // A budget that is not an amount is refused on its own field.
    await editForm.getByLabel('Budget (USD)').fill('lots');
    await editForm.getByRole('button', { name: 'Save' }).click();
    await editForm.getByText('Enter a number with at most 6 decimals').waitFor();
    await expect(editForm.getByLabel('Budget (USD)').getAttribute('aria-invalid')).resolves.toBe('true');

    await editForm.getByLabel('Requests / min').fill('600');
    await editForm.getByLabel('Name').fill('notebook-2');
    await editForm.getByLabel('Budget (USD)').fill('5');
    await editForm.getByLabel('Budget period').selectOption('daily');
    await editForm.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('token-row').filter({ hasText: 'notebook-2' }).waitFor();
    expect((await chat(proxyToken)).status).toBe(200);

    // The token's own budget, with what it has spent of it this period.
    await page.reload();
    const budget = page
      .getByTestId('token-row')
      .filter({ hasText: 'notebook-2' })
      .getByTestId('token-budget');
    await expect(budget.textContent()).resolves.toMatch(/Budget \$5\.00 daily\s*Spent \$\d/);

    const renamed = page.getByTestId('token-row').filter({ hasText: 'notebook-2' });
    await renamed.getByRole('button', { name: 'Rotate' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate notebook-2?' });
    await dialog.getByLabel('Overlap').selectOption('3600');
    await dialog.getByRole('button', { name: 'Rotate token' }).click();
    await expect(page.getByTestId('rotation-message').textContent()).resolves.toMatch(/keeps working until/);
    const fresh = await page.getByTestId('one-time-secret').inputValue();
    await page.getByRole('button', { name: 'Done' }).click();
    expect((await chat(proxyToken)).status).toBe(200);
    expect((await chat(fresh)).status).toBe(200);
    await page.getByText(/Rotated · works until/).waitFor();
    await screenshot(page, 'token-rotated');
  });

  it('adds a signed webhook, sends it a test, changes its events and sees each delivery', async () => {
    const receiver = await startWebhookReceiver();
    const secret = 'e2e-signing-secret-0001';
    try {
      await page.goto('/settings/notifications');
      const form = page.getByRole('form', { name: 'Add a notification channel' });
      await form.getByLabel('Kind').selectOption('webhook');
      await form.getByLabel('URL', { exact: true }).fill(receiver.url('/ops'));
      await form.getByLabel('Key authentication failed').check();
      await form.getByLabel('Signing secret').fill(secret);
      await submitAndWait(page, form, 'Add channel', /Added the webhook channel/);

      const row = page.getByTestId('channel-row').filter({ hasText: receiver.url('/ops') });
      await expect(row.getByTestId('channel-events').textContent()).resolves.toBe(
        'budget.thresholdbudget.exhaustedkey.auth_failed',
      );
      await row.getByText('signed', { exact: true }).waitFor();
      receiver.answerWith('/ops', 500);
      await row.getByRole('button', { name: 'Send test' }).click();
      await row.getByText(/Not delivered \(not a 2xx: receiver says no\); it will be retried/).waitFor();

      // The retry succeeds; the page lists both attempts of the one delivery.
      const deliveries = page.getByTestId('delivery-row');
      for (let i = 0; i < 40 && !(await deliveries.first().textContent())?.includes('delivered'); i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await page.reload();
      }
      await expect(deliveries.count()).resolves.toBe(1);
      const attempts = await deliveries
        .first()
        .getByTestId('delivery-attempts')
        .locator('li')
        .allTextContents();
      expect(attempts).toEqual([
        expect.stringMatching(/^#1 · .* · 500 · \d+ ms/),
        expect.stringMatching(/^#2 · .* · 200 · \d+ ms$/),
      ]);
      const sent = receiver.received('/ops');
      expect(sent).toHaveLength(2);
      expect(sent[1]!.headers['x-switchyard-signature']).toBe(
        `sha256=${createHmac('sha256', secret).update(sent[1]!.body).digest('hex')}`,
      );
      expect(sent[1]!.json).toMatchObject({ event: 'notification.test' });
      await screenshot(page, 'settings-notifications');

      await page
        .getByTestId('channel-row')
        .filter({ hasText: receiver.url('/ops') })
        .getByRole('button', { name: /^Edit/ })
        .click();
      const dialog = page.getByRole('dialog', { name: 'Edit the webhook channel' });
      await dialog.getByLabel('Budget alert threshold').uncheck();
      await dialog.getByLabel('Key exhausted').check();
      await dialog.getByRole('button', { name: 'Save channel' }).click();
      await page.getByTestId('channel-events').filter({ hasText: 'key.exhausted' }).waitFor();
      await expect(row.getByTestId('channel-events').textContent()).resolves.toBe(
        'budget.exhaustedkey.auth_failedkey.exhausted',
      );

      const channels = (await adminApi('/admin/notifications')) as { items: Record<string, unknown>[] };
      expect(JSON.stringify(channels)).not.toContain(secret);
      expect(channels.items).toEqual([
        expect.objectContaining({ hasSecret: true, url: receiver.url('/ops') }),
      ]);

      await row.getByRole('button', { name: /^Remove/ }).click();
      await page
        .getByRole('dialog', { name: 'Remove this channel?' })
        .getByRole('button', { name: 'Remove channel' })
        .click();
      await page.getByText('No channels').waitFor();
    } finally {
      await receiver.close();
    }
  });

  it('renders every other page without errors', async () => {
    for (const [url, name] of [
      ['/teams', 'teams'],
      ['/tokens', 'tokens'],
      ['/settings', 'settings'],
      ['/settings/routes', 'settings-routes'],
      ['/settings/notifications', 'settings-notifications-empty'],
      ['/settings/users', 'settings-users'],
      ['/settings/api-keys', 'settings-api-keys'],
    ] as const) {
      await page.goto(url);
      await expect(
        page
          .getByRole('alert')
          .filter({ hasText: /Could not|cannot reach/ })
          .count(),
      ).resolves.toBe(0);
      await screenshot(page, name);
    }
    expect(pageErrors).toEqual([]);
  });
});

describe('role-aware console', () => {
  const auditor = { email: 'auditor@example.com', password: 'auditor-password-1' };
  const teamAdmin = { email: 'lead@example.com', password: 'lead-password-12' };
  let opsTeamId = '';

  beforeAll(async () => {
    // Another team the team admin does not belong to, created through the console.
    await page.goto('/teams');
    const teamForm = page.getByRole('form', { name: 'Create a team' });
    await teamForm.getByLabel('Team name').fill('Ops');
    await Promise.all([
      page.waitForURL(/\/teams\/[0-9a-f-]{36}$/),
      teamForm.getByRole('button', { name: 'Create team' }).click(),
    ]);
    opsTeamId = new URL(page.url()).pathname.split('/').pop()!;

    await page.goto('/settings/users');
    for (const [person, role] of [
      [auditor, 'auditor'],
      [teamAdmin, 'team_admin'],
    ] as const) {
      const form = page.getByRole('form', { name: 'Add a user' });
      await form.getByLabel('Email').fill(person.email);
      await form.getByLabel('Initial password').fill(person.password);
      await form.getByLabel('Role').selectOption(role);
      await submitAndWait(page, form, 'Add user', new RegExp(`Created ${person.email.replace('.', '\\.')}`));
    }

    await page.goto(researchTeamUrl);
    const memberForm = page.getByRole('form', { name: 'Add a member' });
    await memberForm.getByLabel('User').selectOption({ label: teamAdmin.email });
    await memberForm.getByLabel('Role').selectOption('team_admin');
    await submitAndWait(page, memberForm, 'Add member', /Member saved/);
  });

  /** Forms that change something: everything but GET filter forms and signing out. */
  async function mutatingControls(page: Page): Promise<string[]> {
    return page.evaluate(() => {
      const found: string[] = [];
      for (const form of Array.from(document.querySelectorAll('form'))) {
        if (form.method.toLowerCase() === 'get') continue;
        const label = form.getAttribute('aria-label') ?? form.textContent?.trim().slice(0, 40) ?? '';
        if (label === 'Sign out') continue;
        found.push(label);
      }
      for (const button of Array.from(document.querySelectorAll('button'))) {
        const text = button.textContent?.trim() ?? '';
        if (
          /^(Delete|Remove|Revoke|Rotate|Disable|Enable|Test now|Reset|Edit|Refresh|Rename|Add |Create |Issue |Save )/.test(
            text,
          )
        )
          found.push(text);
      }
      return found;
    });
  }

  it('shows an auditor everything and no control that changes anything', async () => {
    const session = await newSession(browser, stack.dashboardUrl);
    await signIn(session.page, auditor.email, auditor.password);
    for (const url of [
      '/',
      '/keys',
      '/teams',
      researchTeamUrl,
      '/tokens',
      '/usage',
      '/audit',
      '/settings',
      '/settings/pricing',
      '/settings/routes',
      '/settings/notifications',
    ]) {
      await session.page.goto(url);
      await expect(mutatingControls(session.page)).resolves.toEqual([]);
    }
    await session.page.goto('/keys');
    await expect(session.page.locator('[data-testid=key-row]').count()).resolves.toBe(3);
    await screenshot(session.page, 'auditor-keys');
    await session.page.goto('/keys/new');
    await session.page.getByText('Not available to your role').waitFor();
    expect(session.pageErrors).toEqual([]);
    await session.context.close();
  });

  it('shows a team admin only their own team', async () => {
    const session = await newSession(browser, stack.dashboardUrl);
    await signIn(session.page, teamAdmin.email, teamAdmin.password);
    const nav = await session.page.getByRole('navigation', { name: 'Console' }).last().textContent();
    expect(nav).not.toContain('Provider keys');
    expect(nav).not.toContain('Audit log');

    await session.page.goto('/teams');
    const teams = await session.page
      .getByTestId('team-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-team-name')));
    expect(teams).toEqual(['Research']);

    await session.page.goto(`/teams/${opsTeamId}`);
    await session.page.getByText('This page does not exist').waitFor();

    await session.page.goto(`/usage?groupBy=team`);
    await session.page.getByTestId('usage-row').first().waitFor();
    const usageTeams = await session.page.getByTestId('usage-row').locator('th').allTextContents();
    expect(usageTeams).toEqual(['Research']);

    // Their own team: they may issue tokens, but not change its budget.
    await session.page.goto(researchTeamUrl);
    await session.page.getByRole('form', { name: 'Issue a proxy token' }).waitFor();
    await expect(session.page.getByRole('form', { name: 'Budget' }).count()).resolves.toBe(0);
    await screenshot(session.page, 'team-admin-team');
    expect(session.pageErrors).toEqual([]);
    await session.context.close();
  });
});

describe('a new install with no user', () => {
  let empty: Stack;

  beforeAll(async () => {
    empty = await startStack({ withAdmin: false });
  }, 240_000);
  afterAll(async () => {
    await empty?.stop();
  });

  it('says on the sign-in page how to create the first owner', async () => {
    const session = await newSession(browser, empty.dashboardUrl);
    await session.page.goto('/login');
    const guide = session.page.getByTestId('first-owner-guide');
    await guide.waitFor();
    await expect(guide.textContent()).resolves.toMatch(/SWITCHYARD_ADMIN_EMAIL=.*SWITCHYARD_ADMIN_PASSWORD=/);
    await screenshot(session.page, 'login-first-owner');
    await session.context.close();
  });
});
