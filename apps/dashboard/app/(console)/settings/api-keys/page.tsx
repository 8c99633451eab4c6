import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { Badge } from '@/components/ui/badge';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Pager } from '@/components/ui/pager';
import { Panel } from '@/components/ui/panel';
import { SkeletonRows } from '@/components/ui/skeleton';
import { tableStyles } from '@/components/ui/styles';
import { apiRequestAsUser } from '@/lib/api';
import { formatDate, formatRelative } from '@/lib/format';
import { load } from '@/lib/load';
import { can, ROLE_LABELS } from '@/lib/permissions';
import { firstParam, hrefWith, type SearchParams } from '@/lib/url';
import { getViewer } from '@/lib/viewer';
import { revokeApiKey } from '../actions';
import { CreateApiKeyForm } from '../components/create-api-key-form';
import { apiKeyPageSchema } from '@switchyard/contracts';

export const metadata: Metadata = { title: 'API keys' };

export default async function ApiKeysPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const [viewer, params] = await Promise.all([getViewer(), searchParams]);
  if (!can(viewer, 'apiKeys.manage')) redirect('/settings/pricing');
  const cursor = firstParam(params, 'cursor')?.slice(0, 512);
  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
      <Panel
        id="api-keys"
        title="Admin API keys"
        description="sya-… keys for scripts and the CLI; each acts with its role."
        flush
      >
        <Suspense key={cursor ?? ''} fallback={<SkeletonRows rows={4} />}>
          <ApiKeyTable cursor={cursor} />
        </Suspense>
      </Panel>
      <Panel id="create-api-key" title="Create an API key" className="self-start">
        <CreateApiKeyForm />
      </Panel>
    </div>
  );
}

async function ApiKeyTable({ cursor }: { cursor?: string }) {
  const keys = await load(() =>
    apiRequestAsUser(hrefWith('/admin/api-keys', { cursor, limit: 50 }), apiKeyPageSchema),
  );
  if (!keys.ok)
    return (
      <div className="p-4">
        <ErrorPanel message={keys.error} />
      </div>
    );
  if (keys.data.items.length === 0) return <EmptyState title="No API keys" />;
  const now = Date.now();
  return (
    <>
      <div className={tableStyles.wrapper}>
        <table className={tableStyles.table}>
          <thead>
            <tr>
              <th scope="col" className={tableStyles.th}>
                Key
              </th>
              <th scope="col" className={tableStyles.th}>
                Role
              </th>
              <th scope="col" className={tableStyles.th}>
                Status
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
            {keys.data.items.map((key) => {
              const expired = key.expiresAt !== null && Date.parse(key.expiresAt) <= now;
              return (
                <tr key={key.id}>
                  <td className={tableStyles.td}>
                    <p className="font-medium text-zinc-900 dark:text-zinc-100">{key.name}</p>
                    <p className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{key.prefix}••••••••</p>
                  </td>
                  <td className={tableStyles.td}>{ROLE_LABELS[key.role]}</td>
                  <td className={tableStyles.td}>
                    {key.revokedAt ? (
                      <Badge tone="zinc">Revoked</Badge>
                    ) : expired ? (
                      <Badge tone="amber">Expired</Badge>
                    ) : (
                      <Badge tone="green" dot>
                        Active
                      </Badge>
                    )}
                    {key.expiresAt && !key.revokedAt ? (
                      <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
                        until {formatDate(key.expiresAt)}
                      </p>
                    ) : null}
                  </td>
                  <td className={`${tableStyles.td} whitespace-nowrap`}>{formatRelative(key.lastUsedAt)}</td>
                  <td className={`${tableStyles.td} text-right`}>
                    {key.revokedAt ? null : (
                      <ConfirmAction
                        action={revokeApiKey}
                        fields={{ id: key.id }}
                        label="Revoke"
                        title={`Revoke ${key.name}?`}
                        confirmLabel="Revoke key"
                      >
                        Scripts using this key are refused from the next request on.
                      </ConfirmAction>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Pager
        label="API key pages"
        isFirstPage={!cursor}
        firstHref="/settings/api-keys"
        nextHref={
          keys.data.nextCursor ? hrefWith('/settings/api-keys', { cursor: keys.data.nextCursor }) : null
        }
      />
    </>
  );
}
