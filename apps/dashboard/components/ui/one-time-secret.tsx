'use client';

import { useId } from 'react';
import { AlertIcon } from '../icons';
import { CopyButton } from './copy-button';

/** A credential the API returns exactly once: shown with a copy button and a plain warning. */
export function OneTimeSecret({ label, secret, what }: { label: string; secret: string; what: string }) {
  const id = useId();
  return (
    <div className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4 dark:border-amber-700/60 dark:bg-amber-950/30">
      <p className="flex items-start gap-2 text-sm font-medium text-amber-900 dark:text-amber-200">
        <AlertIcon className="mt-px size-5 shrink-0" />
        Copy this {what} now. It is shown only once; Switchyard stores only a hash of it.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <label className="sr-only" htmlFor={id}>
          {label}
        </label>
        <input
          id={id}
          readOnly
          value={secret}
          onFocus={(event) => event.currentTarget.select()}
          className="min-w-0 flex-1 rounded-lg border border-amber-300 bg-white px-3 py-2 font-mono text-sm text-zinc-900 dark:border-amber-700/60 dark:bg-zinc-950 dark:text-zinc-100"
          data-testid="one-time-secret"
        />
        <CopyButton text={secret} />
      </div>
    </div>
  );
}
