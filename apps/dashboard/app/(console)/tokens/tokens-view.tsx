import Link from 'next/link';
import { CreateTokenForm } from '@/components/tokens/create-token-form';
import { TokenTable } from '@/components/tokens/token-table';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { SelectField } from '@/components/ui/fields';
import { Pager } from '@/components/ui/pager';
import { Panel } from '@/components/ui/panel';
import { buttonStyles, linkStyle } from '@/components/ui/styles';
import { apiRequestAsUser } from '@/lib/api';
import { load } from '@/lib/load';
import { can, isTeamScoped } from '@/lib/permissions';
import { hrefWith } from '@/lib/url';
import type { TokenFilters } from './filters';
import { proxyTokenPageSchema, teamPageSchema, type Viewer } from '@switchyard/contracts';

const PAGE_SIZE = 25;

export async function TokensView({ viewer, filters }: { viewer: Viewer; filters: TokenFilters }) {
  const [teams, tokens] = await Promise.all([
    load(() => apiRequestAsUser('/admin/teams?limit=200', teamPageSchema)),
    load(() =>
      apiRequestAsUser(
        hrefWith('/admin/tokens', {
          teamId: filters.teamId,
          includeRevoked: filters.includeRevoked ? 'true' : undefined,
          cursor: filters.cursor,
          limit: PAGE_SIZE,
        }),
        proxyTokenPageSchema,
      ),
    ),
  ]);
  const liveTeams = teams.ok ? teams.data.items.filter((team) => team.deletedAt === null) : [];
  const teamNames = new Map((teams.ok ? teams.data.items : []).map((team) => [team.id, team.name]));
  const issuable = liveTeams.filter((team) => can(viewer, 'tokens.manage', team.id));
  const manageable = isTeamScoped(viewer)
    ? new Set(issuable.map((team) => team.id))
    : can(viewer, 'tokens.manage')
      ? 'all'
      : new Set<string>();
  const criteria = { teamId: filters.teamId, includeRevoked: filters.includeRevoked ? 'true' : undefined };

  return (
    <div className="grid gap-6 2xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
      <Panel
        id="token-list"
        title="Tokens"
        flush
        actions={
          <form
            method="get"
            action="/tokens"
            className="flex flex-wrap items-end gap-2"
            aria-label="Filter tokens"
          >
            <SelectField
              name="teamId"
              label={<span className="sr-only">Team</span>}
              options={[
                { value: '', label: 'All teams' },
                ...liveTeams.map((team) => ({ value: team.id, label: team.name })),
              ]}
              defaultValue={filters.teamId ?? ''}
              className="w-44 [&_select]:mt-0 [&_select]:py-1.5"
            />
            <label className="flex items-center gap-1.5 py-1.5 text-xs text-zinc-700 dark:text-zinc-300">
              <input
                type="checkbox"
                name="includeRevoked"
                value="true"
                defaultChecked={filters.includeRevoked}
                className="accent-signal-600"
              />
              Show revoked
            </label>
            <button type="submit" className={buttonStyles.small}>
              Filter
            </button>
          </form>
        }
      >
        {!tokens.ok ? (
          <div className="p-4">
            <ErrorPanel title="Could not load tokens" message={tokens.error} />
          </div>
        ) : tokens.data.items.length === 0 ? (
          <EmptyState title={filters.teamId ? 'This team has no tokens' : 'No tokens yet'}>
            Issue a token and give it to an application: it sends it as a Bearer token to /v1.
          </EmptyState>
        ) : (
          <TokenTable tokens={tokens.data.items} teamNames={teamNames} manageableTeams={manageable} />
        )}
        {tokens.ok ? (
          <Pager
            label="Token pages"
            isFirstPage={!filters.cursor}
            firstHref={hrefWith('/tokens', criteria)}
            nextHref={
              tokens.data.nextCursor
                ? hrefWith('/tokens', { ...criteria, cursor: tokens.data.nextCursor })
                : null
            }
          />
        ) : null}
      </Panel>
      {issuable.length > 0 ? (
        <Panel id="issue-token" title="Issue a token" className="self-start">
          <CreateTokenForm teams={issuable} wide />
        </Panel>
      ) : can(viewer, 'tokens.manage') ? (
        <Panel id="issue-token" title="Issue a token" className="self-start">
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Tokens belong to a team.{' '}
            <Link href="/teams" className={linkStyle}>
              Create a team
            </Link>{' '}
            first.
          </p>
        </Panel>
      ) : null}
    </div>
  );
}
