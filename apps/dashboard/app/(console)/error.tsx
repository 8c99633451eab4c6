'use client';

import { useEffect } from 'react';
import { AlertIcon } from '@/components/icons';
import { buttonStyles } from '@/components/ui/styles';

/**
 * The last resort when a page fails while rendering. Sections normally catch their own API failures and show
 * them in place; reaching this means something unexpected, so the digest is shown for the server logs.
 */
export default function ConsoleError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <div
      role="alert"
      className="rounded-xl border border-red-200 bg-red-50 p-6 text-sm text-red-900 dark:border-red-900/70 dark:bg-red-950/40 dark:text-red-100"
    >
      <div className="flex gap-3">
        <AlertIcon className="mt-px size-5 shrink-0 text-red-600 dark:text-red-400" />
        <div className="space-y-2">
          <p className="font-semibold">This page could not be shown</p>
          <p>
            {error.digest
              ? `The dashboard server hit an error while building this page. Look for digest ${error.digest} in its logs.`
              : error.message || 'An unexpected error occurred.'}
          </p>
          <button type="button" onClick={reset} className={buttonStyles.secondary}>
            Try again
          </button>
        </div>
      </div>
    </div>
  );
}
