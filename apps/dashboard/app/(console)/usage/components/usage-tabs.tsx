import Link from 'next/link';
import { focusRing } from '@/components/ui/styles';

const TABS = [
  { href: '/usage', label: 'Usage', id: 'usage' },
  { href: '/usage/requests', label: 'Requests', id: 'requests' },
] as const;

/** The usage explorer's two views: totals grouped as chosen, and single requests. */
export function UsageTabs({ current }: { current: (typeof TABS)[number]['id'] }) {
  return (
    <nav aria-label="Usage views" className="flex gap-1 border-b border-zinc-200 dark:border-zinc-800">
      {TABS.map((tab) => (
        <Link
          key={tab.id}
          href={tab.href}
          aria-current={tab.id === current ? 'page' : undefined}
          className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${focusRing} ${
            tab.id === current
              ? 'border-signal-600 text-zinc-900 dark:text-zinc-100'
              : 'border-transparent text-zinc-500 hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-200'
          }`}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
