import type { ReactNode } from 'react';
import { BrandName } from '@/components/brand-mark';

const highlights = [
  {
    title: 'Pool provider keys',
    body: 'Share OpenAI, Anthropic and Gemini keys across teams without handing them out.',
  },
  {
    title: 'Issue scoped tokens',
    body: 'Give every team and service its own proxy token, revocable on its own.',
  },
  {
    title: 'Follow the spend',
    body: 'See usage and cost per team, with budgets and an audit trail of every change.',
  },
];

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="grid min-h-dvh lg:grid-cols-[minmax(0,5fr)_minmax(0,6fr)]">
      <aside className="relative hidden overflow-hidden bg-zinc-950 px-12 dark:border-r dark:border-white/10 dark:bg-zinc-900 py-12 text-zinc-100 lg:flex lg:flex-col lg:justify-between xl:px-16">
        <TrackPattern />
        <BrandName className="relative text-lg text-white" />
        <div className="relative max-w-md">
          <h2 className="text-3xl font-semibold tracking-tight text-balance text-white xl:text-4xl">
            One gateway for every model key your organisation uses.
          </h2>
          <ul className="mt-10 space-y-6">
            {highlights.map((highlight) => (
              <li key={highlight.title} className="flex gap-4">
                <span
                  aria-hidden="true"
                  className="mt-1.5 size-2.5 shrink-0 rounded-full bg-signal-400 shadow-[0_0_0_4px] shadow-signal-400/20"
                />
                <div>
                  <p className="font-medium text-white">{highlight.title}</p>
                  <p className="mt-1 text-sm leading-6 text-zinc-400">{highlight.body}</p>
                </div>
              </li>
            ))}
          </ul>
        </div>
        <p className="relative text-xs text-zinc-500">Open source, self-hosted, Apache-2.0.</p>
      </aside>
      <main className="flex items-center justify-center px-6 py-12 sm:px-10">{children}</main>
    </div>
  );
}

/** Faint diverging rails behind the brand panel. */
function TrackPattern() {
  return (
    <svg
      aria-hidden="true"
      focusable="false"
      className="pointer-events-none absolute inset-0 size-full text-white/[0.06]"
      viewBox="0 0 600 800"
      preserveAspectRatio="xMidYMid slice"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
    >
      {[0, 1, 2, 3, 4, 5].map((track) => {
        const x = 80 + track * 90;
        return (
          <g key={track}>
            <path d={`M${x} 800V${520 - track * 40}`} />
            <path
              d={`M${x} ${520 - track * 40}C${x} ${420 - track * 40} ${x + 60} ${380 - track * 40} ${x + 60} ${300 - track * 40}V0`}
            />
            <path d={`M${x} ${520 - track * 40}V0`} strokeDasharray="2 14" />
          </g>
        );
      })}
    </svg>
  );
}
