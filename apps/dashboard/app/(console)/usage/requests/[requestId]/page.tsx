import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Money } from '@/components/ui/money';
import { PageHeader } from '@/components/ui/page-header';
import { Panel } from '@/components/ui/panel';
import { linkStyle } from '@/components/ui/styles';
import { apiRequestAsUser } from '@/lib/api';
import { formatCount, formatDateTime, formatMs, formatPrice } from '@/lib/format';
import { load } from '@/lib/load';
import { STATUS_BADGE } from '../components/requests-table';
import { requestDetailSchema, type RequestDetail } from '@switchyard/contracts';

export const metadata: Metadata = { title: 'Request' };

const price = (usd: number | null) => (usd === null ? '—' : `${formatPrice(usd)} / M tokens`);

function facts(request: RequestDetail): [string, React.ReactNode][] {
  return [
    ['Time (UTC)', formatDateTime(request.at)],
    ['Team', request.teamName ?? request.teamId ?? '—'],
    ['Token', request.tokenName ?? request.tokenId ?? '—'],
    ['User', request.user ?? '—'],
    ['Endpoint', <code key="endpoint">{request.endpoint}</code>],
    ['Model', <code key="model">{request.model ?? '—'}</code>],
    ['Key', request.keyLabel ?? request.keyId ?? '—'],
    [
      'Status',
      <Badge key="status" tone={STATUS_BADGE[request.status].tone}>
        {STATUS_BADGE[request.status].label} {request.httpStatus}
        {request.errorClass ? ` · ${request.errorClass}` : ''}
      </Badge>,
    ],
    ['Attempts', request.attempts],
    ['Streamed', request.stream ? 'yes' : 'no'],
    [
      'Prompt tokens',
      `${formatCount(request.promptTokens)} (${formatCount(request.cachedTokens)} from cache)`,
    ],
    [
      'Completion tokens',
      `${formatCount(request.completionTokens)} (${formatCount(request.reasoningTokens)} reasoning)`,
    ],
    ['Counted by', request.estimated ? 'the gateway (the upstream reported none)' : 'the upstream'],
    ['Cost', request.unpriced ? 'unpriced' : <Money key="cost" usd={request.costUsd} />],
    ['Input price', price(request.inputUsdPerMTok)],
    ['Output price', price(request.outputUsdPerMTok)],
    ['Cached input price', price(request.cachedInputUsdPerMTok)],
    ['Latency', formatMs(request.latencyMs)],
    ['Time to first byte', formatMs(request.ttftMs)],
    ['Upstream time', formatMs(request.upstreamMs)],
    ['Gateway time', formatMs(request.overheadMs)],
  ];
}

export default async function RequestPage({ params }: { params: Promise<{ requestId: string }> }) {
  const { requestId } = await params;
  const result = await load(() =>
    apiRequestAsUser(`/admin/requests/${encodeURIComponent(requestId)}`, requestDetailSchema),
  );
  return (
    <div className="space-y-6">
      <PageHeader
        title="Request"
        description={requestId}
        actions={
          <Link href="/usage/requests" className={linkStyle}>
            All requests
          </Link>
        }
      />
      {!result.ok ? (
        <ErrorPanel title="Could not load this request" message={result.error} />
      ) : (
        <Panel id="request-detail" title="What was recorded">
          <dl
            className="grid grid-cols-1 gap-x-8 gap-y-3 text-sm sm:grid-cols-2"
            data-testid="request-detail"
          >
            {facts(result.data).map(([term, value]) => (
              <div
                key={term}
                className="flex justify-between gap-4 border-b border-zinc-100 pb-2 dark:border-zinc-800"
              >
                <dt className="text-zinc-500 dark:text-zinc-400">{term}</dt>
                <dd className="text-right font-medium text-zinc-900 dark:text-zinc-100">{value}</dd>
              </div>
            ))}
          </dl>
        </Panel>
      )}
    </div>
  );
}
