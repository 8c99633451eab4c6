import { Badge } from '@/components/ui/badge';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { tableStyles } from '@/components/ui/styles';
import { formatDateTime, formatRelative } from '@/lib/format';
import type { ConsoleSession } from '@switchyard/contracts';
import { endSession } from '../actions';

export function SessionsTable({ sessions }: { sessions: ConsoleSession[] }) {
  return (
    <div className={tableStyles.wrapper}>
      <table className={tableStyles.table} aria-label="Your sessions">
        <thead>
          <tr>
            <th scope="col" className={tableStyles.th}>
              Signed in
            </th>
            <th scope="col" className={tableStyles.th}>
              From
            </th>
            <th scope="col" className={tableStyles.th}>
              Last active
            </th>
            <th scope="col" className={tableStyles.th}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className={tableStyles.body}>
          {sessions.map((session) => (
            <tr key={session.id} data-testid="session-row">
              <td className={`${tableStyles.td} whitespace-nowrap`}>
                {formatDateTime(session.createdAt)}
                <span className="ml-2">
                  <Badge tone="zinc">{session.method === 'sso' ? 'SSO' : 'Password'}</Badge>
                </span>
                {session.current ? (
                  <span className="ml-2">
                    <Badge tone="green">This session</Badge>
                  </span>
                ) : null}
              </td>
              <td className={tableStyles.td}>
                <p className="text-zinc-900 dark:text-zinc-100">{session.ip ?? 'unknown address'}</p>
                <p className="max-w-56 truncate text-xs text-zinc-500 dark:text-zinc-400">
                  {session.userAgent ?? 'unknown client'}
                </p>
              </td>
              <td className={`${tableStyles.td} whitespace-nowrap`}>{formatRelative(session.lastSeenAt)}</td>
              <td className={`${tableStyles.td} text-right`}>
                {session.current ? null : (
                  <ConfirmAction
                    action={endSession}
                    fields={{ id: session.id }}
                    label="End"
                    title="End this session?"
                    confirmLabel="End session"
                  >
                    Whoever uses it is signed out on their next click.
                  </ConfirmAction>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
