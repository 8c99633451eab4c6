import Link from 'next/link';
import type { ReactNode } from 'react';
import { BrandName } from '@/components/brand-mark';
import { ConsoleNav, MobileConsoleBar } from '@/components/console-nav';
import { consoleSectionsFor, type ConsoleSectionId } from '@/components/console-sections';
import { SignOutButton } from '@/components/sign-out-button';
import { ErrorPanel } from '@/components/ui/error-panel';
import { apiBaseUrl } from '@/lib/config';
import { load } from '@/lib/load';
import { ROLE_LABELS, viewerLabel } from '@/lib/permissions';
import { getViewer } from '@/lib/viewer';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const viewer = await load(getViewer);
  const sections: ConsoleSectionId[] = viewer.ok ? consoleSectionsFor(viewer.data) : ['overview'];
  const footer = (
    <>
      {viewer.ok ? (
        <div className="mb-2 px-3">
          <Link
            href="/account"
            className="block truncate text-sm font-medium text-zinc-900 hover:underline dark:text-zinc-100"
            data-testid="viewer-label"
          >
            {viewerLabel(viewer.data)}
          </Link>
          <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="viewer-role">
            {ROLE_LABELS[viewer.data.role]}
            {viewer.data.kind === 'api_key' ? ' · API key' : ''}
          </p>
        </div>
      ) : null}
      <SignOutButton />
      <p className="mt-3 truncate px-3 text-xs text-zinc-500 dark:text-zinc-400" data-testid="api-url">
        API {apiBaseUrl()}
      </p>
    </>
  );

  return (
    <div className="min-h-dvh md:grid md:grid-cols-[15rem_minmax(0,1fr)]">
      <a
        href="#main"
        className="sr-only rounded-lg bg-white px-3 py-2 text-sm font-semibold shadow focus:not-sr-only focus:absolute focus:top-3 focus:left-3 focus:z-50 focus:outline-2 focus:outline-signal-600 dark:bg-zinc-900"
      >
        Skip to content
      </a>

      <MobileConsoleBar footer={footer} sections={sections} />

      <aside className="sticky top-0 hidden h-dvh flex-col border-r border-zinc-200 bg-white px-4 py-6 md:flex dark:border-zinc-800 dark:bg-zinc-900/60">
        <BrandName className="px-2" />
        <nav aria-label="Console" className="mt-10 flex-1 overflow-y-auto">
          <ConsoleNav sections={sections} />
        </nav>
        <div className="border-t border-zinc-200 pt-4 dark:border-zinc-800">{footer}</div>
      </aside>

      <main id="main" tabIndex={-1} className="px-5 py-8 outline-hidden sm:px-8 md:px-10 md:py-10">
        <div className="mx-auto max-w-6xl">
          {viewer.ok ? (
            children
          ) : (
            <ErrorPanel
              title={`The console cannot reach the API at ${apiBaseUrl()}`}
              message={viewer.error}
            />
          )}
        </div>
      </main>
    </div>
  );
}
