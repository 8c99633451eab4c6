import Link from 'next/link';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Money } from '@/components/ui/money';
import { linkStyle, tableStyles } from '@/components/ui/styles';
import { formatCount, formatDateTime, formatMs } from '@/lib/format';
import type { RequestRow, RequestStatus } from '@switchyard/contracts';

export const STATUS_BADGE: Record<RequestStatus, { tone: BadgeTone; label: string }> = {
  ok: { tone: 'green', label: 'OK' },
  error: { tone: 'red', label: 'Error' },
  refused: { tone: 'amber', label: 'Refused' },
};

const HEADINGS = [
  'Time (UTC)',
  'Team',
  'Token',
  'User',
  'Model',
  'Key',
  'Attempts',
  'Status',
  'Tokens',
  'Cost',
  'Latency',
];

export function RequestsTable({ rows }: { rows: RequestRow[] }) {
  return (
    <div className={tableStyles.wrapper}>
      <table className={tableStyles.table} data-testid="requests-table">
        <thead>
          <tr>
            {HEADINGS.map((heading, index) => (
              <th key={heading} scope="col" className={index >= 6 ? tableStyles.thNumeric : tableStyles.th}>
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className={tableStyles.body}>
          {rows.map((row) => (
            <tr key={row.requestId} data-testid="request-row">
              <td className={tableStyles.td}>
                <Link href={`/usage/requests/${row.requestId}`} className={linkStyle}>
                  {formatDateTime(row.at)}
                </Link>
              </td>
              <td className={tableStyles.td}>{row.teamName ?? row.teamId ?? '—'}</td>
              <td className={tableStyles.td}>{row.tokenName ?? row.tokenId?.slice(0, 8) ?? '—'}</td>
              <td className={`${tableStyles.td} max-w-48 truncate`} title={row.user ?? undefined}>
                {row.user ?? '—'}
              </td>
              <td className={`${tableStyles.td} font-mono text-xs`}>{row.model ?? '—'}</td>
              <td className={tableStyles.td}>{row.keyLabel ?? row.keyId?.slice(0, 8) ?? '—'}</td>
              <td className={tableStyles.tdNumeric}>{row.attempts}</td>
              <td className={tableStyles.tdNumeric}>
                <Badge tone={STATUS_BADGE[row.status].tone} title={row.errorClass ?? undefined}>
                  {STATUS_BADGE[row.status].label} {row.httpStatus}
                </Badge>
              </td>
              <td className={tableStyles.tdNumeric}>
                {formatCount(row.promptTokens + row.completionTokens)}
              </td>
              <td className={tableStyles.tdNumeric}>
                <Money usd={row.costUsd} />
              </td>
              <td className={tableStyles.tdNumeric}>{formatMs(row.latencyMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
