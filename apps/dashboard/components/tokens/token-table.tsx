import { Badge } from '@/components/ui/badge';
import { tableStyles } from '@/components/ui/styles';
import { formatCount, formatDate, formatDateTime, formatRelative } from '@/lib/format';
import { TokenBudget } from './token-budget';
import { TokenRowActions } from './token-row-actions';
import type { ProxyToken } from '@switchyard/contracts';

function tokenStatus(token: ProxyToken, now: number) {
  // A rotation's overlap: revoked from an instant still to come, working until then.
  if (token.revokedAt && Date.parse(token.revokedAt) > now) {
    return (
      <Badge tone="amber" dot>
        Rotated · works until {formatDateTime(token.revokedAt)}
      </Badge>
    );
  }
  if (token.revokedAt) return <Badge tone="zinc">Revoked</Badge>;
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return <Badge tone="amber">Expired</Badge>;
  return (
    <Badge tone="green" dot>
      Active
    </Badge>
  );
}

/** Tokens are only ever shown by their prefix; the secret part exists nowhere after issue. */
export function TokenTable({
  tokens,
  teamNames,
  manageableTeams,
}: {
  tokens: ProxyToken[];
  /** When given, a Team column is shown. */
  teamNames?: ReadonlyMap<string, string>;
  /** Teams whose tokens the viewer may revoke and rotate. */
  manageableTeams: ReadonlySet<string> | 'all';
}) {
  const now = Date.now();
  const canManage = (teamId: string) => manageableTeams === 'all' || manageableTeams.has(teamId);
  return (
    <div className={tableStyles.wrapper}>
      <table className={tableStyles.table} data-testid="token-table">
        <thead>
          <tr>
            <th scope="col" className={tableStyles.th}>
              Token
            </th>
            {teamNames ? (
              <th scope="col" className={tableStyles.th}>
                Team
              </th>
            ) : null}
            <th scope="col" className={tableStyles.th}>
              Status
            </th>
            <th scope="col" className={tableStyles.th}>
              Allowed models
            </th>
            <th scope="col" className={tableStyles.th}>
              Limits
            </th>
            <th scope="col" className={tableStyles.th}>
              Last used
            </th>
            <th scope="col" className={tableStyles.th}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className={tableStyles.body}>
          {tokens.map((token) => (
            <tr key={token.id} data-testid="token-row" data-token-name={token.name}>
              <td className={tableStyles.td}>
                <p className="font-medium text-zinc-900 dark:text-zinc-100">{token.name}</p>
                <p className="font-mono text-xs whitespace-nowrap text-zinc-500 dark:text-zinc-400">
                  {token.prefix}••••••••
                </p>
              </td>
              {teamNames ? (
                <td className={tableStyles.td}>{teamNames.get(token.teamId) ?? token.teamId.slice(0, 8)}</td>
              ) : null}
              <td className={tableStyles.td}>
                {tokenStatus(token, now)}
                {token.expiresAt && !token.revokedAt ? (
                  <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
                    until {formatDate(token.expiresAt)}
                  </p>
                ) : null}
              </td>
              <td className={`${tableStyles.td} max-w-56`}>
                {token.allowedModels.length ? (
                  <span className="font-mono text-xs break-words">{token.allowedModels.join(', ')}</span>
                ) : (
                  <span className="text-zinc-500 dark:text-zinc-400">All models</span>
                )}
              </td>
              <td className={`${tableStyles.td} text-xs whitespace-nowrap`}>
                <p>{token.rpm ? `${formatCount(token.rpm)} req/min` : 'No request limit'}</p>
                <p>{token.tpm ? `${formatCount(token.tpm)} tok/min` : 'No token limit'}</p>
                <TokenBudget token={token} />
              </td>
              <td className={`${tableStyles.td} whitespace-nowrap`}>{formatRelative(token.lastUsedAt)}</td>
              <td className={tableStyles.td}>
                {!token.revokedAt && canManage(token.teamId) ? <TokenRowActions token={token} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
