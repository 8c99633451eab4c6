import { panelStyle } from './styles';

function Bar({ className }: { className: string }) {
  return <div className={`animate-pulse rounded bg-zinc-200/80 dark:bg-zinc-800 ${className}`} />;
}

export function SkeletonRows({ rows = 5, label = 'Loading' }: { rows?: number; label?: string }) {
  return (
    <div role="status" aria-live="polite" className="space-y-3 px-5 py-4">
      <span className="sr-only">{label}…</span>
      {Array.from({ length: rows }, (_, index) => (
        <div key={index} className="flex items-center gap-4">
          <Bar className="h-4 w-1/4" />
          <Bar className="h-4 w-1/6" />
          <Bar className="h-4 flex-1" />
          <Bar className="h-4 w-16" />
        </div>
      ))}
    </div>
  );
}

export function SkeletonPanel({ rows = 5, label }: { rows?: number; label?: string }) {
  return (
    <div className={panelStyle}>
      <div className="border-b border-zinc-100 px-5 py-4 dark:border-zinc-800">
        <Bar className="h-4 w-40" />
      </div>
      <SkeletonRows rows={rows} label={label} />
    </div>
  );
}

export function SkeletonStats({ count = 4 }: { count?: number }) {
  return (
    <div role="status" className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
      <span className="sr-only">Loading figures…</span>
      {Array.from({ length: count }, (_, index) => (
        <div key={index} className={`${panelStyle} space-y-3 px-5 py-4`}>
          <Bar className="h-3 w-24" />
          <Bar className="h-7 w-32" />
          <Bar className="h-3 w-40" />
        </div>
      ))}
    </div>
  );
}

export function SkeletonPage() {
  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <Bar className="h-7 w-48" />
        <Bar className="h-4 w-96 max-w-full" />
      </div>
      <SkeletonStats />
      <SkeletonPanel rows={6} />
    </div>
  );
}
