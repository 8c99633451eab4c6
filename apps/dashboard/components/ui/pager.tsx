import Link from 'next/link';
import { buttonStyles } from './styles';

/**
 * Cursor paging: the API only knows "the page after this one", so the controls are the first page and the
 * next one; the browser's back button returns to earlier pages.
 */
export function Pager({
  nextHref,
  firstHref,
  isFirstPage,
  label = 'Pages',
}: {
  nextHref: string | null;
  firstHref: string;
  isFirstPage: boolean;
  label?: string;
}) {
  if (!nextHref && isFirstPage) return null;
  return (
    <nav
      aria-label={label}
      className="flex items-center justify-end gap-2 border-t border-zinc-100 px-5 py-3 dark:border-zinc-800"
    >
      {!isFirstPage ? (
        <Link href={firstHref} className={buttonStyles.small}>
          ← First page
        </Link>
      ) : null}
      {nextHref ? (
        <Link href={nextHref} className={buttonStyles.small}>
          Next page →
        </Link>
      ) : (
        <span className="text-xs text-zinc-500 dark:text-zinc-400">End of list</span>
      )}
    </nav>
  );
}
