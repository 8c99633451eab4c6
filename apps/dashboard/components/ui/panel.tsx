import type { ReactNode } from 'react';
import { panelStyle } from './styles';

/** A titled card; `id` names its heading so the section is labelled for assistive technology. */
export function Panel({
  id,
  title,
  description,
  actions,
  children,
  flush = false,
  className = '',
}: {
  id: string;
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  /** Content runs edge to edge (tables). */
  flush?: boolean;
  className?: string;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className={`${panelStyle} ${className}`}>
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-zinc-100 px-5 py-4 dark:border-zinc-800">
        <div className="min-w-0">
          <h2 id={`${id}-heading`} className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
            {title}
          </h2>
          {description ? (
            <p className="mt-0.5 text-xs leading-5 text-zinc-500 dark:text-zinc-400">{description}</p>
          ) : null}
        </div>
        {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
      </div>
      <div className={flush ? '' : 'px-5 py-4'}>{children}</div>
    </section>
  );
}
