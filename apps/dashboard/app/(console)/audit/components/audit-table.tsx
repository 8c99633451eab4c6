import Link from 'next/link';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { linkStyle, tableStyles } from '@/components/ui/styles';
import { formatDateTime } from '@/lib/format';
import { hrefWith } from '@/lib/url';
import { AuditDiff } from './audit-diff';
import type { AuditEvent } from '@switchyard/contracts';

function actionTone(action: string): BadgeTone {
  if (/delete|revoke|remove|failed|denied|lockout|refused|auth_failed/.test(action)) return 'red';
  if (/create|import|succeeded/.test(action)) return 'green';
  if (/update|set|rotate|adjust|test/.test(action)) return 'sky';
  return 'zinc';
}

export function AuditTable({ events }: { events: AuditEvent[] }) {
  return (
    <div className={tableStyles.wrapper}>
      <table className={tableStyles.table} data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col" className={tableStyles.th}>
              When (UTC)
            </th>
            <th scope="col" className={tableStyles.th}>
              Actor
            </th>
            <th scope="col" className={tableStyles.th}>
              Action
            </th>
            <th scope="col" className={tableStyles.th}>
              Target
            </th>
            <th scope="col" className={tableStyles.th}>
              Change
            </th>
          </tr>
        </thead>
        <tbody className={tableStyles.body}>
          {events.map((event) => (
            <tr key={event.seq} data-testid="audit-row" data-action={event.action}>
              <td className={`${tableStyles.td} whitespace-nowrap`}>
                <p className="tabular-nums">{formatDateTime(event.at)}</p>
                <p className="text-xs text-zinc-500 dark:text-zinc-400">#{event.seq}</p>
              </td>
              <td className={tableStyles.td}>
                {event.actor.label || event.actor.id ? (
                  <Link
                    href={hrefWith('/audit', { actor: event.actor.label ?? event.actor.id })}
                    className={linkStyle}
                  >
                    {event.actor.label ?? event.actor.id}
                  </Link>
                ) : (
                  <span>{event.actor.type}</span>
                )}
                <p className="text-xs text-zinc-500 dark:text-zinc-400">
                  {event.actor.type}
                  {event.ip ? ` · ${event.ip}` : ''}
                </p>
              </td>
              <td className={tableStyles.td}>
                <Link
                  href={hrefWith('/audit', { action: event.action })}
                  className="focus-visible:outline-2 focus-visible:outline-signal-600"
                >
                  <Badge tone={actionTone(event.action)}>{event.action}</Badge>
                </Link>
              </td>
              <td className={tableStyles.td}>
                {event.target.type ? (
                  <>
                    <Link href={hrefWith('/audit', { targetType: event.target.type })} className={linkStyle}>
                      {event.target.type}
                    </Link>
                    {event.target.id ? (
                      <p
                        className="max-w-48 truncate font-mono text-xs text-zinc-500 dark:text-zinc-400"
                        title={event.target.id}
                      >
                        {event.target.id}
                      </p>
                    ) : null}
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td className={`${tableStyles.td} min-w-72`}>
                <AuditDiff event={event} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
