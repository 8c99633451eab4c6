import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Panel } from '@/components/ui/panel';
import { SkeletonRows } from '@/components/ui/skeleton';
import { tableStyles } from '@/components/ui/styles';
import { apiRequestAsUser } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { load } from '@/lib/load';
import { can } from '@/lib/permissions';
import { firstParam, hrefWith, type SearchParams } from '@/lib/url';
import { getViewer } from '@/lib/viewer';
import { ChannelActions } from './components/channel-actions';
import { ChannelForm } from './components/channel-form';
import {
  type NotificationChannel,
  notificationChannelPageSchema,
  type NotificationDelivery,
  notificationDeliveryPageSchema,
} from '@switchyard/contracts';

export const metadata: Metadata = { title: 'Notifications' };

const STATUS_TONE: Record<NotificationDelivery['status'], BadgeTone> = {
  delivered: 'green',
  pending: 'amber',
  failed: 'red',
};

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const [viewer, params] = await Promise.all([getViewer(), searchParams]);
  if (!can(viewer, 'notifications.read')) redirect('/settings/pricing');
  const canManage = can(viewer, 'notifications.manage');
  const selected = firstParam(params, 'channel')?.slice(0, 64);
  const channels = await load(() =>
    apiRequestAsUser(hrefWith('/admin/notifications', { limit: 200 }), notificationChannelPageSchema),
  );
  if (!channels.ok) return <ErrorPanel message={channels.error} />;
  const shown = channels.data.items.find((channel) => channel.id === selected) ?? channels.data.items[0];
  return (
    <div className="space-y-6">
      <div className={canManage ? 'grid gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]' : ''}>
        <Panel
          id="channels"
          title="Notification channels"
          description="Webhooks and Slack channels told about budgets and provider keys."
          className="self-start"
          flush
        >
          <ChannelTable channels={channels.data.items} shownId={shown?.id} canManage={canManage} />
        </Panel>
        {canManage ? (
          <Panel id="add-channel" title="Add a channel" className="self-start">
            <ChannelForm />
          </Panel>
        ) : null}
      </div>
      {shown ? (
        <Panel
          id="deliveries"
          title="Recent deliveries"
          description={<span className="break-all">To {shown.url}, newest first, with every attempt.</span>}
          flush
        >
          <Suspense key={shown.id} fallback={<SkeletonRows rows={4} />}>
            <DeliveryTable channelId={shown.id} />
          </Suspense>
        </Panel>
      ) : null}
    </div>
  );
}

function ChannelTable({
  channels,
  shownId,
  canManage,
}: {
  channels: NotificationChannel[];
  shownId: string | undefined;
  canManage: boolean;
}) {
  if (channels.length === 0)
    return (
      <EmptyState title="No channels">Budget and key events are only written to the audit log.</EmptyState>
    );
  return (
    <div className={tableStyles.wrapper}>
      <table className={tableStyles.table}>
        <thead>
          <tr>
            <th scope="col" className={tableStyles.th}>
              Channel
            </th>
            <th scope="col" className={tableStyles.th}>
              Events
            </th>
            <th scope="col" className={tableStyles.th}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className={tableStyles.body}>
          {channels.map((channel) => (
            <tr key={channel.id} data-testid="channel-row" data-channel-id={channel.id}>
              <td className={tableStyles.td}>
                <div className="flex flex-wrap items-center gap-2">
                  <Badge tone={channel.kind === 'slack' ? 'violet' : 'sky'}>{channel.kind}</Badge>
                  {channel.hasSecret ? <Badge tone="zinc">signed</Badge> : null}
                </div>
                <div className="mt-1 font-mono text-xs break-all">{channel.url}</div>
                <Link
                  href={hrefWith('/settings/notifications', { channel: channel.id })}
                  aria-current={channel.id === shownId ? 'true' : undefined}
                  className="mt-1 inline-block text-xs font-medium text-signal-700 hover:underline dark:text-signal-400"
                >
                  Deliveries
                </Link>
              </td>
              <td className={tableStyles.td}>
                <ul className="space-y-0.5 font-mono text-xs" data-testid="channel-events">
                  {channel.events.map((event) => (
                    <li key={event}>{event}</li>
                  ))}
                </ul>
              </td>
              <td className={`${tableStyles.td} text-right`}>
                {canManage ? <ChannelActions channel={channel} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

async function DeliveryTable({ channelId }: { channelId: string }) {
  const deliveries = await load(() =>
    apiRequestAsUser(
      hrefWith(`/admin/notifications/${channelId}/deliveries`, { limit: 20 }),
      notificationDeliveryPageSchema,
    ),
  );
  if (!deliveries.ok)
    return (
      <div className="p-4">
        <ErrorPanel message={deliveries.error} />
      </div>
    );
  if (deliveries.data.items.length === 0)
    return (
      <EmptyState title="Nothing sent yet">Send a test to check that the channel is reachable.</EmptyState>
    );
  return (
    <div className={tableStyles.wrapper}>
      <table className={tableStyles.table}>
        <thead>
          <tr>
            <th scope="col" className={tableStyles.th}>
              Event
            </th>
            <th scope="col" className={tableStyles.th}>
              Status
            </th>
            <th scope="col" className={tableStyles.th}>
              Queued
            </th>
            <th scope="col" className={tableStyles.th}>
              Attempts
            </th>
          </tr>
        </thead>
        <tbody className={tableStyles.body}>
          {deliveries.data.items.map((delivery) => (
            <tr key={delivery.id} data-testid="delivery-row">
              <th scope="row" className={`${tableStyles.td} text-left font-mono text-xs`}>
                {delivery.event}
              </th>
              <td className={tableStyles.td}>
                <Badge tone={STATUS_TONE[delivery.status]}>{delivery.status}</Badge>
                {delivery.nextAttemptAt ? (
                  <div className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
                    next try {formatDateTime(delivery.nextAttemptAt)}
                  </div>
                ) : null}
              </td>
              <td className={`${tableStyles.td} whitespace-nowrap`}>{formatDateTime(delivery.createdAt)}</td>
              <td className={tableStyles.td}>
                <ol className="space-y-0.5 text-xs" data-testid="delivery-attempts">
                  {delivery.attempts.map((attempt) => (
                    <li key={attempt.attempt}>
                      #{attempt.attempt} · {formatDateTime(attempt.at)} ·{' '}
                      <span className="font-mono">{attempt.statusCode ?? 'no answer'}</span> ·{' '}
                      {attempt.durationMs} ms
                      {attempt.error ? (
                        <span className="block break-all text-red-700 dark:text-red-400">
                          {attempt.error}
                        </span>
                      ) : null}
                    </li>
                  ))}
                </ol>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
