import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startOidcProvider, type OidcTestProvider } from '@switchyard/testing/oidc';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newSession, screenshot, signIn } from './support/browser';
import { freePort } from './support/processes';
import { ADMIN, startStack, type Stack } from './support/stack';

/**
 * Enterprise identity through the browser: single sign-on against a real OpenID Connect provider on loopback,
 * someone the provider knows but Switchyard must refuse, and an owner managing users and sessions.
 */

let provider: OidcTestProvider;
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  const dashboardPort = await freePort();
  provider = await startOidcProvider({
    redirectUri: `http://127.0.0.1:${dashboardPort}/auth/callback`,
    accounts: {
      alice: { email: 'alice@corp.example', name: 'Alice Admin', groups: ['platform-admins'] },
      eve: { email: 'eve@corp.example', groups: ['marketing'] },
    },
  });
  stack = await startStack({
    dashboardPort,
    apiEnv: (dashboardUrl) => ({
      SWITCHYARD_PUBLIC_URL: dashboardUrl,
      SWITCHYARD_OIDC_ISSUER: provider.issuer,
      SWITCHYARD_OIDC_CLIENT_ID: provider.clientId,
      SWITCHYARD_OIDC_CLIENT_SECRET: provider.clientSecret,
      SWITCHYARD_OIDC_ROLE_MAP: 'platform-admins=admin,finance=auditor',
    }),
  });
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await provider?.close();
});

/** Clicks "Sign in with SSO" and signs in on the provider's own form as `login`. */
async function signInWithSso(page: Page, login: string): Promise<void> {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Sign in with SSO' }).click();
  await page.waitForURL((url) => url.origin === provider.issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
}

describe('single sign-on', () => {
  it('signs a mapped user in through the identity provider and creates their account', async () => {
    const { context, page, pageErrors } = await newSession(browser, stack.dashboardUrl);
    await signInWithSso(page, 'alice');
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await expect(page.getByTestId('viewer-label').first().textContent()).resolves.toBe('alice@corp.example');
    await expect(page.getByTestId('viewer-role').first().textContent()).resolves.toBe('Admin');

    await page.goto('/account');
    const row = page.getByTestId('session-row');
    await expect(row.count()).resolves.toBe(1);
    await expect(row.first().textContent()).resolves.toMatch(/SSO.*This session/);
    await screenshot(page, 'identity-account');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('refuses someone whose groups map to no role, on a page that says so', async () => {
    const { context, page, pageErrors } = await newSession(browser, stack.dashboardUrl);
    await signInWithSso(page, 'eve');
    await page.waitForURL((url) => url.pathname === '/auth/refused');
    await page.getByRole('heading', { name: 'Your account has no access to Switchyard' }).waitFor();
    await screenshot(page, 'identity-refused');
    await page.goto('/');
    await page.waitForURL((url) => url.pathname === '/login');
    expect(pageErrors).toEqual([]);
    await context.close();

    const login = await fetch(`${stack.apiUrl}/admin/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const users = await fetch(`${stack.apiUrl}/admin/users?limit=200`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const emails = ((await users.json()) as { items: { email: string }[] }).items.map((user) => user.email);
    expect(emails).toContain('alice@corp.example');
    expect(emails).not.toContain('eve@corp.example');
  });
});

describe('the user lifecycle in the console', () => {
  it('lets an owner disable a signed-in user, who is signed out on their next click', async () => {
    const alice = await newSession(browser, stack.dashboardUrl);
    await signInWithSso(alice.page, 'alice');
    await alice.page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();

    const owner = await newSession(browser, stack.dashboardUrl);
    await signIn(owner.page, ADMIN.email, ADMIN.password);
    await owner.page.goto('/settings/users');
    const row = owner.page.getByRole('row').filter({ hasText: 'alice@corp.example' });
    await row.getByText('SSO', { exact: true }).waitFor();
    await row.getByRole('button', { name: 'Disable' }).click();
    const dialog = owner.page.getByRole('dialog', { name: 'Disable alice@corp.example?' });
    await dialog.getByRole('button', { name: 'Disable user' }).click();
    await row.getByText('Disabled', { exact: true }).waitFor();
    await screenshot(owner.page, 'identity-users');

    await alice.page.goto('/teams');
    await alice.page.waitForURL((url) => url.pathname === '/login');
    await alice.page.getByText('Your session has ended').waitFor();

    await row.getByRole('button', { name: 'Enable' }).click();
    await row.getByText('Disabled', { exact: true }).waitFor({ state: 'detached' });
    expect(owner.pageErrors).toEqual([]);
    await alice.context.close();
    await owner.context.close();
  });

  it('resets a password from the users page and ends the sessions of that user', async () => {
    const owner = await newSession(browser, stack.dashboardUrl);
    await signIn(owner.page, ADMIN.email, ADMIN.password);
    await owner.page.goto('/settings/users');
    const create = owner.page.getByRole('form', { name: 'Add a user' });
    await create.getByLabel('Email').fill('bob@corp.example');
    await create.getByLabel('Initial password').fill('bobs first passphrase');
    await create.getByRole('button', { name: 'Add user' }).click();
    await create.getByText(/Created bob@corp.example/).waitFor();

    const bob = await newSession(browser, stack.dashboardUrl);
    await signIn(bob.page, 'bob@corp.example', 'bobs first passphrase');

    const row = owner.page.getByRole('row').filter({ hasText: 'bob@corp.example' });
    await row.getByRole('button', { name: 'Reset password' }).click();
    const dialog = owner.page.getByRole('dialog', { name: 'Set a new password for bob@corp.example' });
    await dialog.getByLabel('New password', { exact: true }).fill('password1234');
    await dialog.getByRole('button', { name: 'Set password' }).click();
    await dialog.getByText(/common password/).waitFor();
    // The refused submission clears the form; type the next password once it has.
    const input = dialog.getByLabel('New password', { exact: true });
    await owner.page.waitForFunction(
      (element) => (element as HTMLInputElement).value === '',
      await input.elementHandle(),
    );
    await input.fill('bobs second passphrase');
    await dialog.getByRole('button', { name: 'Set password' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await bob.page.goto('/usage');
    await bob.page.waitForURL((url) => url.pathname === '/login');
    await signIn(bob.page, 'bob@corp.example', 'bobs second passphrase');
    expect(owner.pageErrors).toEqual([]);
    await bob.context.close();
    await owner.context.close();
  });

  it('ends the API session when signing out, so the token stops working', async () => {
    const { context, page } = await newSession(browser, stack.dashboardUrl);
    await signIn(page, ADMIN.email, ADMIN.password);
    const token = (await context.cookies()).find((cookie) => cookie.name === 'sy_session')!.value;
    const before = await fetch(`${stack.apiUrl}/admin/auth/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(before.status).toBe(200);
    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await page.waitForURL((url) => url.pathname === '/login');
    const after = await fetch(`${stack.apiUrl}/admin/auth/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.status).toBe(401);
    await context.close();
  });
});
