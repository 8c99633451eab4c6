import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { tableStyles } from '@/components/ui/styles';
import { apiRequestAsUser } from '@/lib/api';
import { formatDate } from '@/lib/format';
import { load } from '@/lib/load';
import { can } from '@/lib/permissions';
import { AddMemberForm, RemoveMemberButton } from './member-forms';
import { type TeamDetail, userPageSchema, type Viewer } from '@switchyard/contracts';

export async function MembersPanel({ team, viewer }: { team: TeamDetail; viewer: Viewer }) {
  const canManage = team.deletedAt === null && can(viewer, 'members.manage', team.id);
  // Organisation roles pick from the user list; a team admin cannot list users, so pastes a user id.
  const users =
    canManage && can(viewer, 'users.read')
      ? await load(() => apiRequestAsUser('/admin/users?limit=200', userPageSchema))
      : null;
  const memberIds = new Set(team.members.map((member) => member.userId));
  const candidates = users?.ok
    ? users.data.items.filter((user) => !memberIds.has(user.id) && !user.disabled)
    : null;

  return (
    <div>
      {team.members.length === 0 ? (
        <EmptyState title="No members">
          Members with the team admin role can issue this team&apos;s tokens.
        </EmptyState>
      ) : (
        <div className={tableStyles.wrapper}>
          <table className={tableStyles.table}>
            <thead>
              <tr>
                <th scope="col" className={tableStyles.th}>
                  Member
                </th>
                <th scope="col" className={tableStyles.th}>
                  Role
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
              {team.members.map((member) => (
                <tr key={member.userId}>
                  <td className={tableStyles.td}>
                    <p className="text-zinc-900 dark:text-zinc-100">{member.email}</p>
                    {member.name ? (
                      <p className="text-xs text-zinc-500 dark:text-zinc-400">{member.name}</p>
                    ) : null}
                  </td>
                  <td className={tableStyles.td}>
                    <Badge tone={member.role === 'team_admin' ? 'violet' : 'zinc'}>
                      {member.role === 'team_admin' ? 'Team admin' : 'Member'}
                    </Badge>
                  </td>
                  <td className={`${tableStyles.td} whitespace-nowrap`}>{formatDate(member.addedAt)}</td>
                  {canManage ? (
                    <td className={`${tableStyles.td} text-right`}>
                      <RemoveMemberButton teamId={team.id} userId={member.userId} email={member.email} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canManage ? (
        <div className="border-t border-zinc-100 px-5 py-4 dark:border-zinc-800">
          <AddMemberForm
            teamId={team.id}
            candidates={candidates?.map((user) => ({ id: user.id, email: user.email })) ?? null}
            usersError={users && !users.ok ? users.error : null}
          />
        </div>
      ) : null}
    </div>
  );
}
