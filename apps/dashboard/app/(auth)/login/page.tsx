import type { Metadata } from 'next';
import { BrandName } from '@/components/brand-mark';
import { InfoIcon } from '@/components/icons';
import { buttonStyles } from '@/components/ui/styles';
import { SSO_FAILURES, ssoStatus } from '@/lib/sso';
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

      <LoginForm />

      <p className="mt-10 text-center text-xs leading-5 text-zinc-500 dark:text-zinc-500">
        No account yet? Ask the person who runs Switchyard for your organisation.
      </p>
    </div>
  );
}
