/** A track parting at a switch: the Switchyard logo. */
export function BrandMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" className="fill-signal-600 dark:fill-signal-500" />
      <path
        d="M10 26V6M10 22c0-6 12-6 12-12V6"
        fill="none"
        stroke="white"
        strokeWidth="2.75"
        strokeLinecap="round"
      />
    </svg>
  );
}

export function BrandName({ className }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2.5 font-semibold tracking-tight ${className ?? ''}`}>
      <BrandMark className="size-8 shrink-0" />
      Switchyard
    </span>
  );
}
