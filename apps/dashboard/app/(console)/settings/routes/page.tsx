import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Pager } from '@/components/ui/pager';
import { Panel } from '@/components/ui/panel';
import { SkeletonRows } from '@/components/ui/skeleton';
import { tableStyles } from '@/components/ui/styles';
import { apiRequestAsUser } from '@/lib/api';
import { formatDate } from '@/lib/format';
import { load } from '@/lib/load';
import { can } from '@/lib/permissions';
import { firstParam, hrefWith, type SearchParams } from '@/lib/url';
import { getViewer } from '@/lib/viewer';
import { DeleteRouteButton, RouteForm } from '../components/route-form';
import { routePageSchema } from '@switchyard/contracts';

export const metadata: Metadata = { title: 'Routes' };

export default async function RoutesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const [viewer, params] = await Promise.all([getViewer(), searchParams]);
  if (!can(viewer, 'routes.read')) redirect('/settings/pricing');
  const cursor = firstParam(params, 'cursor')?.slice(0, 512);
  const canManage = can(viewer, 'routes.manage');
  return (
    <div className={canManage ? 'grid gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]' : ''}>
      <Panel
        id="routes"
        title="Aliases and fallback chains"
        description="A request for an alias tries its targets in order."
        flush
      >
        <Suspense key={cursor ?? ''} fallback={<SkeletonRows rows={4} />}>
          <RouteTable cursor={cursor} canManage={canManage} />
        </Suspense>
      </Panel>
      {canManage ? (
        <Panel id="edit-route" title="Add or change a route" className="self-start">
          <RouteForm />
        </Panel>
      ) : null}
    </div>
  );
}

async function RouteTable({ cursor, canManage }: { cursor?: string; canManage: boolean }) {
  const routes = await load(() =>
    apiRequestAsUser(hrefWith('/admin/routes', { cursor, limit: 50 }), routePageSchema),
  );
  if (!routes.ok)
    return (
      <div className="p-4">
        <ErrorPanel message={routes.error} />
      </div>
    );
  if (routes.data.items.length === 0) {
    return <EmptyState title="No routes">Without routes, clients name models as provider/model.</EmptyState>;
  }
  return (
    <>
      <div className={tableStyles.wrapper}>
        <table className={tableStyles.table}>
          <thead>
            <tr>
              <th scope="col" className={tableStyles.th}>
                Alias
              </th>
              <th scope="col" className={tableStyles.th}>
                Targets, in order
              </th>
              <th scope="col" className={tableStyles.th}>
                Updated
              </th>
              {canManage ? (
                <th scope="col" className={tableStyles.th}>
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className={tableStyles.body}>
            {routes.data.items.map((route) => (
              <tr key={route.alias}>
                <th scope="row" className={`${tableStyles.td} text-left font-mono text-xs`}>
                  {route.alias}
                </th>
                <td className={tableStyles.td}>
                  <ol className="list-decimal space-y-0.5 pl-4 font-mono text-xs">
                    {route.targets.map((target) => (
                      <li key={target}>{target}</li>
                    ))}
                  </ol>
                </td>
                <td className={`${tableStyles.td} whitespace-nowrap`}>{formatDate(route.updatedAt)}</td>
                {canManage ? (
                  <td className={`${tableStyles.td} text-right`}>
                    <DeleteRouteButton alias={route.alias} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager
        label="Route pages"
        isFirstPage={!cursor}
        firstHref="/settings/routes"
        nextHref={
          routes.data.nextCursor ? hrefWith('/settings/routes', { cursor: routes.data.nextCursor }) : null
        }
      />
    </>
  );
}
