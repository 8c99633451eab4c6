import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Pager } from '@/components/ui/pager';
import { Panel } from '@/components/ui/panel';
import { SkeletonRows } from '@/components/ui/skeleton';
import { tableStyles } from '@/components/ui/styles';
import { apiRequestAsUser } from '@/lib/api';
import { formatDate } from '@/lib/format';
import { load } from '@/lib/load';
import { can, ROLE_LABELS } from '@/lib/permissions';
import { firstParam, hrefWith, type SearchParams } from '@/lib/url';
import { getViewer } from '@/lib/viewer';
import { CreateUserForm } from '../components/create-user-form';
import { UserRowActions } from '../components/user-row-actions';
import { userPageSchema, type Viewer } from '@switchyard/contracts';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const [viewer, params] = await Promise.all([getViewer(), searchParams]);
  if (!can(viewer, 'users.read')) redirect('/settings/pricing');
  const cursor = firstParam(params, 'cursor')?.slice(0, 512);
  const canManage = can(viewer, 'users.manage');
  return (
    <div className={canManage ? 'grid gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]' : ''}>
      <Panel id="users" title="Console users" description="People who sign in to this console." flush>
        <Suspense key={cursor ?? ''} fallback={<SkeletonRows rows={5} />}>
          <UserTable cursor={cursor} viewer={viewer} canManage={canManage} />
        </Suspense>
      </Panel>
      {canManage ? (
        <Panel
          id="create-user"
          title="Add a user"
          description="Team roles get access through a team's Members list."
          className="self-start"
        >
          <CreateUserForm />
        </Panel>
      ) : null}
    </div>
  );
}

async function UserTable({
  cursor,
  viewer,
  canManage,
}: {
  cursor?: string;
  viewer: Viewer;
  canManage: boolean;
}) {
  const users = await load(() =>
    apiRequestAsUser(hrefWith('/admin/users', { cursor, limit: 50 }), userPageSchema),
  );
  if (!users.ok)
    return (
      <div className="p-4">
        <ErrorPanel message={users.error} />
      </div>
    );
  if (users.data.items.length === 0) return <EmptyState title="No users" />;
  return (
    <>
      <div className={tableStyles.wrapper}>
        <table className={tableStyles.table}>
          <thead>
            <tr>
              <th scope="col" className={tableStyles.th}>
                User
              </th>
              <th scope="col" className={tableStyles.th}>
                Role
              </th>
              <th scope="col" className={tableStyles.th}>
                Teams
              </th>
              <th scope="col" className={tableStyles.th}>
                Added
              </th>
              {canManage ? (
                <th scope="col" className={tableStyles.th}>
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className={tableStyles.body}>
            {users.data.items.map((user) => (
              <tr key={user.id}>
                <td className={tableStyles.td}>
                  <p className="text-zinc-900 dark:text-zinc-100">
                    {user.email}
                    {user.name ? (
                      <span className="ml-2 text-zinc-500 dark:text-zinc-400">{user.name}</span>
                    ) : null}
                    {user.id === viewer.id ? (
                      <span className="ml-2">
                        <Badge tone="zinc">You</Badge>
                      </span>
                    ) : null}
                    {user.sso ? (
                      <span className="ml-2">
                        <Badge tone="zinc">SSO</Badge>
                      </span>
                    ) : null}
                    {user.disabled ? (
                      <span className="ml-2">
                        <Badge tone="zinc">Disabled</Badge>
                      </span>
                    ) : null}
                  </p>
                  <p className="font-mono text-[0.6875rem] text-zinc-500 dark:text-zinc-400">{user.id}</p>
                </td>
                <td className={tableStyles.td}>{ROLE_LABELS[user.role]}</td>
                <td className={tableStyles.td}>{user.teams.length}</td>
                <td className={`${tableStyles.td} whitespace-nowrap`}>{formatDate(user.createdAt)}</td>
                {canManage ? (
                  <td className={tableStyles.td}>
                    {user.role !== 'owner' || viewer.role === 'owner' ? (
                      <UserRowActions user={user} mayGrantOwner={viewer.role === 'owner'} />
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager
        label="User pages"
        isFirstPage={!cursor}
        firstHref="/settings/users"
        nextHref={
          users.data.nextCursor ? hrefWith('/settings/users', { cursor: users.data.nextCursor }) : null
        }
      />
    </>
  );
}
