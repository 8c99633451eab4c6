import type { Metadata } from 'next';
import Link from 'next/link';
import { BrandName } from '@/components/brand-mark';
import { AlertIcon } from '@/components/icons';
import { linkStyle } from '@/components/ui/styles';
import { SSO_REFUSALS } from '@/lib/sso';

export const metadata: Metadata = { title: 'Access refused' };

/** Where single sign-on sends someone it authenticated but Switchyard will not let in. */
export default async function RefusedPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { reason } = await searchParams;
  const refusal =
    (typeof reason === 'string' ? SSO_REFUSALS[reason] : undefined) ?? SSO_REFUSALS.sso_no_role!;
  return (
    <div className="w-full max-w-sm">
      <BrandName className="mb-12 text-lg lg:hidden" />
      <div className="flex gap-3">
        <AlertIcon className="mt-1 size-6 shrink-0 text-red-600 dark:text-red-400" />
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-950 dark:text-white">
          {refusal.title}
        </h1>
      </div>
      <p className="mt-4 text-sm leading-6 text-zinc-600 dark:text-zinc-400" data-testid="refusal-reason">
        {refusal.body}
      </p>
      <p className="mt-8 text-sm">
        <Link href="/login" className={linkStyle}>
          Back to sign-in
        </Link>
      </p>
    </div>
  );
}
