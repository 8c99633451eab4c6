import type { ReactNode } from 'react';
import { panelStyle } from './styles';

export function Stat({
  label,
  value,
  children,
  testId,
}: {
  label: string;
  value: ReactNode;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <div className={`${panelStyle} px-5 py-4`} data-testid={testId}>
      <dt className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
        {label}
      </dt>
      <dd className="mt-1.5 text-2xl font-semibold tracking-tight text-zinc-950 tabular-nums dark:text-white">
        {value}
      </dd>
      {children ? (
        <dd className="mt-1 text-xs leading-5 text-zinc-500 dark:text-zinc-400">{children}</dd>
      ) : null}
    </div>
  );
}
