import type { Metadata } from 'next';
import { BrandName } from '@/components/brand-mark';
import { InfoIcon } from '@/components/icons';
import { buttonStyles } from '@/components/ui/styles';
import { SSO_FAILURES, ssoStatus } from '@/lib/sso';
import { apiRequest } from '@/lib/api';
import { apiBaseUrl } from '@/lib/config';
import { load } from '@/lib/load';
import { setupStatusSchema } from '@switchyard/contracts';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ reason, sso: ssoOutcome }, sso] = await Promise.all([searchParams, ssoStatus()]);
  const sessionExpired = reason === 'expired';
  const ssoFailure =
    typeof ssoOutcome === 'string' ? (SSO_FAILURES[ssoOutcome] ?? SSO_FAILURES.sso_failed) : null;
  const setup = await load(() => apiRequest('/admin/auth/setup', setupStatusSchema));

  return (
    <div className="w-full max-w-sm">
      <BrandName className="mb-12 text-lg lg:hidden" />
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-950 dark:text-white">
        Sign in to Switchyard
      </h1>
      <p className="mt-2 text-sm leading-6 text-zinc-600 dark:text-zinc-400">
        Use your administrator account to manage keys, teams and spend.
      </p>

      {sessionExpired ? (
        <div
          role="status"
          className="mt-6 flex gap-3 rounded-lg border border-sky-200 bg-sky-50 p-3.5 text-sm text-sky-900 dark:border-sky-900/70 dark:bg-sky-950/40 dark:text-sky-100"
        >
          <InfoIcon className="mt-px size-5 shrink-0 text-sky-600 dark:text-sky-400" />
          <p>Your session has ended. Sign in again to continue.</p>
        </div>
      ) : null}

      {ssoFailure ? (
        <div
          role="alert"
          className="mt-6 flex gap-3 rounded-lg border border-red-200 bg-red-50 p-3.5 text-sm text-red-800 dark:border-red-900/70 dark:bg-red-950/40 dark:text-red-200"
        >
          <InfoIcon className="mt-px size-5 shrink-0 text-red-600 dark:text-red-400" />
          <p>{ssoFailure}</p>
        </div>
      ) : null}

      {sso.enabled ? (
        <>
          <a href="/auth/sso" className={`mt-8 w-full py-2.5 ${buttonStyles.primary}`}>
            Sign in with SSO
          </a>
          <div className="mt-8 flex items-center gap-3 text-xs text-zinc-500 dark:text-zinc-400">
            <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
            {sso.passwordLoginOwnersOnly ? 'Owners only: sign in with a password' : 'or with a password'}
            <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
          </div>
        </>
      ) : null}

      {setup.ok && setup.data.needsOwner ? (
        <div
          role="note"
          data-testid="first-owner-guide"
          className="mt-6 space-y-2 rounded-lg border border-amber-200 bg-amber-50 p-3.5 text-sm text-amber-950 dark:border-amber-900/70 dark:bg-amber-950/40 dark:text-amber-100"
        >
          <p className="font-medium">No one can sign in yet: this Switchyard has no users.</p>
          <p>Restart the API with the first owner&apos;s email and a password of 12 characters or more:</p>
          <pre className="overflow-x-auto rounded bg-white/70 p-2 text-xs dark:bg-black/30">
            SWITCHYARD_ADMIN_EMAIL=you@example.com SWITCHYARD_ADMIN_PASSWORD=&apos;a-long-passphrase&apos; npm
            start
          </pre>
          <p>The owner is created at that start; the variables are ignored once any user exists.</p>
        </div>
      ) : null}

      <LoginForm />

      <p className="mt-10 text-center text-xs leading-5 text-zinc-500 dark:text-zinc-500">
        No account yet? Ask the person who runs Switchyard for your organisation.
        <span className="mt-1 block" data-testid="api-url">
          API {apiBaseUrl()}
        </span>
      </p>
    </div>
  );
}
