import { diffRecords, type FieldChange } from '@/lib/diff';

const KIND_STYLE: Record<FieldChange['kind'], string> = {
  added: 'text-emerald-700 dark:text-emerald-400',
  removed: 'text-red-700 dark:text-red-400',
  changed: 'text-sky-700 dark:text-sky-400',
  unchanged: 'text-zinc-500 dark:text-zinc-400',
};

const KIND_LABEL: Record<FieldChange['kind'], string> = {
  added: 'added',
  removed: 'removed',
  changed: 'changed',
  unchanged: 'unchanged',
};

/** Before and after, field by field, in a disclosure so a page of events stays scannable. */
export function AuditDiff({
  event,
}: {
  event: {
    seq: string;
    before: unknown;
    after: unknown;
    requestId: string | null;
    userAgent: string | null;
    hash: string;
  };
}) {
  const changes = diffRecords(event.before, event.after);
  const shown = changes.filter((change) => change.kind !== 'unchanged');
  const unchanged = changes.length - shown.length;
  if (changes.length === 0)
    return <span className="text-xs text-zinc-500 dark:text-zinc-400">No recorded values</span>;
  const summary = shown.length
    ? `${shown.length} field${shown.length === 1 ? '' : 's'}: ${shown
        .slice(0, 3)
        .map((c) => c.path)
        .join(', ')}${shown.length > 3 ? '…' : ''}`
    : `${unchanged} field${unchanged === 1 ? '' : 's'}, none changed`;
  return (
    <details className="group">
      <summary className="cursor-pointer rounded text-xs text-zinc-700 marker:text-zinc-400 focus-visible:outline-2 focus-visible:outline-signal-600 dark:text-zinc-300">
        {summary}
      </summary>
      <div className="relative mt-2 overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
        <table className="min-w-full text-xs" data-testid="audit-diff">
          <caption className="sr-only">Values before and after event #{event.seq}</caption>
          <thead className="bg-zinc-50 dark:bg-zinc-800/50">
            <tr>
              <th scope="col" className="px-2.5 py-1.5 text-left font-semibold">
                Field
              </th>
              <th scope="col" className="px-2.5 py-1.5 text-left font-semibold">
                Before
              </th>
              <th scope="col" className="px-2.5 py-1.5 text-left font-semibold">
                After
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {shown.map((change) => (
              <tr key={change.path}>
                <th
                  scope="row"
                  className={`px-2.5 py-1.5 text-left font-mono font-medium whitespace-nowrap ${KIND_STYLE[change.kind]}`}
                >
                  {change.path}
                  <span className="sr-only"> ({KIND_LABEL[change.kind]})</span>
                </th>
                <td className="max-w-64 px-2.5 py-1.5 font-mono break-all text-zinc-600 dark:text-zinc-400">
                  {change.before !== undefined ? (
                    <del className="decoration-red-400/70">{change.before}</del>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="max-w-64 px-2.5 py-1.5 font-mono break-all text-zinc-900 dark:text-zinc-100">
                  {change.after !== undefined ? <ins className="no-underline">{change.after}</ins> : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {unchanged > 0 ? (
          <p className="border-t border-zinc-100 px-2.5 py-1.5 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
            {unchanged} unchanged field{unchanged === 1 ? '' : 's'} not shown.
          </p>
        ) : null}
        <p className="border-t border-zinc-100 px-2.5 py-1.5 font-mono text-[0.6875rem] break-all text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          request {event.requestId ?? '—'} · hash {event.hash.slice(0, 16)}…
        </p>
      </div>
    </details>
  );
}
