import { AlertIcon } from '../icons';

/** Shown in place of a section whose data could not be read; the rest of the page still works. */
export function ErrorPanel({
  title = 'Could not load this section',
  message,
}: {
  title?: string;
  message: string;
}) {
  return (
    <div
      role="alert"
      className="flex gap-3 rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900/70 dark:bg-red-950/40 dark:text-red-200"
    >
      <AlertIcon className="mt-px size-5 shrink-0 text-red-600 dark:text-red-400" />
      <div>
        <p className="font-semibold">{title}</p>
        <p className="mt-1">{message}</p>
      </div>
    </div>
  );
}
