import Link from 'next/link';
import { BrandMark } from '@/components/brand-mark';

export const metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-6 text-center">
      <BrandMark className="size-10" />
      <p className="mt-6 text-sm font-semibold text-signal-700 dark:text-signal-400">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">This page does not exist</h1>
      <p className="mt-2 max-w-sm text-sm text-zinc-600 dark:text-zinc-400">
        Check the address, or head back to the console.
      </p>
      <Link
        href="/"
        className="mt-6 rounded-lg px-3 py-2 text-sm font-semibold text-signal-700 hover:bg-signal-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-signal-600 dark:text-signal-400 dark:hover:bg-signal-950/60"
      >
        Go to the console
      </Link>
    </main>
  );
}
