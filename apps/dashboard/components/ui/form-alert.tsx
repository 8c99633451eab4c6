import type { FormState } from '@/lib/forms';
import { AlertIcon, CheckIcon } from '../icons';

/** The outcome of a submitted form, announced to screen readers. */
export function FormAlert({ state, pending = false }: { state: FormState; pending?: boolean }) {
  if (pending || !state.message || state.status === 'idle') return null;
  if (state.status === 'success') {
    return (
      <div
        role="status"
        className="flex gap-2.5 rounded-lg border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900 dark:border-emerald-900/70 dark:bg-emerald-950/40 dark:text-emerald-200"
      >
        <CheckIcon className="mt-px size-5 shrink-0 text-emerald-600 dark:text-emerald-400" />
        <p>{state.message}</p>
      </div>
    );
  }
  return (
    <div
      role="alert"
      className="flex gap-2.5 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900/70 dark:bg-red-950/40 dark:text-red-200"
    >
      <AlertIcon className="mt-px size-5 shrink-0 text-red-600 dark:text-red-400" />
      <p>{state.message}</p>
    </div>
  );
}
