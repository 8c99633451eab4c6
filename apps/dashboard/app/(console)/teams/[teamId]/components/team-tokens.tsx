import { CreateTokenForm } from '@/components/tokens/create-token-form';
import { TokenTable } from '@/components/tokens/token-table';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Pager } from '@/components/ui/pager';
import { apiRequestAsUser } from '@/lib/api';
import { load } from '@/lib/load';
import { can } from '@/lib/permissions';
import { hrefWith } from '@/lib/url';
import { proxyTokenPageSchema, type Viewer } from '@switchyard/contracts';

const PAGE_SIZE = 10;

export async function TeamTokens({
  teamId,
  cursor,
  viewer,
  canIssue,
}: {
  teamId: string;
  cursor?: string;
  viewer: Viewer;
  canIssue: boolean;
}) {
  const tokens = await load(() =>
    apiRequestAsUser(
      hrefWith(`/admin/teams/${teamId}/tokens`, { cursor, limit: PAGE_SIZE }),
      proxyTokenPageSchema,
    ),
  );
  return (
    <div className={canIssue ? 'grid xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]' : ''}>
      <div className="min-w-0">
        {!tokens.ok ? (
          <div className="p-4">
            <ErrorPanel message={tokens.error} />
          </div>
        ) : tokens.data.items.length === 0 ? (
          <EmptyState title="No active tokens">
            Issue one for each application or person using the gateway.
          </EmptyState>
        ) : (
          <>
            <TokenTable
              tokens={tokens.data.items}
              manageableTeams={new Set(can(viewer, 'tokens.manage', teamId) ? [teamId] : [])}
            />
            <Pager
              label="Token pages"
              isFirstPage={!cursor}
              firstHref={`/teams/${teamId}`}
              nextHref={
                tokens.data.nextCursor
                  ? hrefWith(`/teams/${teamId}`, { tokens: tokens.data.nextCursor })
                  : null
              }
            />
          </>
        )}
      </div>
      {canIssue ? (
        <div className="border-t border-zinc-100 px-5 py-4 xl:border-t-0 xl:border-l dark:border-zinc-800">
          <h3 className="mb-3 text-sm font-semibold text-zinc-900 dark:text-zinc-100">Issue a token</h3>
          <CreateTokenForm teams={[]} fixedTeamId={teamId} />
        </div>
      ) : null}
    </div>
  );
}
