import type { Metadata } from 'next';
import { BrandName } from '@/components/brand-mark';
import { InfoIcon } from '@/components/icons';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { reason } = await searchParams;
  const sessionExpired = reason === 'expired';

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

      <LoginForm />

      <p className="mt-10 text-center text-xs leading-5 text-zinc-500 dark:text-zinc-500">
        No account yet? Ask the person who runs Switchyard for your organisation.
      </p>
    </div>
  );
}
