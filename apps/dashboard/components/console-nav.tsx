'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useState, type ComponentType, type ReactNode, type SVGProps } from 'react';
import { BrandName } from './brand-mark';
import {
  AuditIcon,
  CloseIcon,
  KeyIcon,
  MenuIcon,
  OverviewIcon,
  SettingsIcon,
  TeamIcon,
  TokenIcon,
  UsageIcon,
} from './icons';
import type { ConsoleSectionId } from './console-sections';

interface ConsoleSection {
  href: string;
  label: string;
  icon: ComponentType<SVGProps<SVGSVGElement>>;
}

const CONSOLE_SECTIONS: Record<ConsoleSectionId, ConsoleSection> = {
  overview: { href: '/', label: 'Overview', icon: OverviewIcon },
  keys: { href: '/keys', label: 'Provider keys', icon: KeyIcon },
  teams: { href: '/teams', label: 'Teams', icon: TeamIcon },
  tokens: { href: '/tokens', label: 'Proxy tokens', icon: TokenIcon },
  usage: { href: '/usage', label: 'Usage', icon: UsageIcon },
  audit: { href: '/audit', label: 'Audit log', icon: AuditIcon },
  settings: { href: '/settings', label: 'Settings', icon: SettingsIcon },
};

function isCurrent(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

/** The sections the signed-in role can use; the layout decides which, from the viewer's role. */
export function ConsoleNav({ sections }: { sections: readonly ConsoleSectionId[] }) {
  const pathname = usePathname();

  return (
    <ul className="space-y-1">
      {sections.map((sectionId) => {
        const { href, label, icon: SectionIcon } = CONSOLE_SECTIONS[sectionId];
        const current = isCurrent(pathname, href);
        return (
          <li key={href}>
            <Link
              href={href}
              aria-current={current ? 'page' : undefined}
              className={
                'flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-signal-600 dark:focus-visible:outline-signal-500 ' +
                (current
                  ? 'bg-zinc-900/5 text-zinc-950 dark:bg-white/10 dark:text-white'
                  : 'text-zinc-600 hover:bg-zinc-900/5 hover:text-zinc-950 dark:text-zinc-400 dark:hover:bg-white/5 dark:hover:text-white')
              }
            >
              <SectionIcon
                className={`size-5 shrink-0 ${current ? 'text-signal-600 dark:text-signal-400' : 'text-zinc-400 dark:text-zinc-500'}`}
              />
              {label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

/** The small-screen top bar; its menu closes itself after navigation and on Escape. */
export function MobileConsoleBar({
  footer,
  sections,
}: {
  footer: ReactNode;
  sections: readonly ConsoleSectionId[];
}) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const [openedAt, setOpenedAt] = useState(pathname);

  // Adjusting state during render, as React recommends over an effect, when the route changes.
  if (openedAt !== pathname) {
    setOpenedAt(pathname);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', closeOnEscape);
    return () => window.removeEventListener('keydown', closeOnEscape);
  }, [open]);

  return (
    <div className="border-b border-zinc-200 bg-white md:hidden dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex h-14 items-center justify-between px-4">
        <BrandName />
        <button
          type="button"
          onClick={() => setOpen((isOpen) => !isOpen)}
          aria-expanded={open}
          aria-controls="mobile-console-menu"
          className="-mr-1 flex size-10 items-center justify-center rounded-lg text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-signal-600 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          <span className="sr-only">{open ? 'Close menu' : 'Open menu'}</span>
          {open ? <CloseIcon className="size-6" /> : <MenuIcon className="size-6" />}
        </button>
      </div>
      <nav id="mobile-console-menu" aria-label="Console" hidden={!open} className="space-y-4 px-3 pb-4">
        <ConsoleNav sections={sections} />
        <div className="border-t border-zinc-200 pt-4 dark:border-zinc-800">{footer}</div>
      </nav>
    </div>
  );
}
