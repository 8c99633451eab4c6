import Link from 'next/link';
import { Suspense } from 'react';
import { Badge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/page-header';
import { Panel } from '@/components/ui/panel';
import { SkeletonRows } from '@/components/ui/skeleton';
import { linkStyle } from '@/components/ui/styles';
import { can } from '@/lib/permissions';
import { BudgetPanel } from './components/budget-panel';
import { MembersPanel } from './components/members-panel';
import { TeamHeaderActions } from './components/team-header-actions';
import { TeamTokens } from './components/team-tokens';
import { TeamTopUsers } from './components/team-top-users';
import { TeamUsage } from './components/team-usage';
import type { TeamDetail, Viewer } from '@switchyard/contracts';

export function TeamView({
  team,
  viewer,
  tokensCursor,
}: {
  team: TeamDetail;
  viewer: Viewer;
  tokensCursor?: string;
}) {
  const deleted = team.deletedAt !== null;
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/teams" className={linkStyle}>
          ← Teams
        </Link>
      </p>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            {team.name}
            {deleted ? <Badge tone="zinc">Deleted</Badge> : null}
          </span>
        }
        description={`${team.members.length} member${team.members.length === 1 ? '' : 's'}. Spend and tokens of this team.`}
        actions={!deleted && can(viewer, 'teams.manage') ? <TeamHeaderActions team={team} /> : null}
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Panel id="budget" title="Budget" description="Spend in the current period; days and months are UTC.">
          <Suspense fallback={<SkeletonRows rows={3} />}>
            <BudgetPanel teamId={team.id} canEdit={!deleted && can(viewer, 'budgets.manage')} />
          </Suspense>
        </Panel>
        <Panel id="members" title="Members" flush>
          <MembersPanel team={team} viewer={viewer} />
        </Panel>
      </div>
      <Panel
        id="team-tokens"
        title="Proxy tokens"
        flush
        actions={
          <Link href={`/tokens?teamId=${team.id}&includeRevoked=true`} className={`${linkStyle} text-xs`}>
            Including revoked
          </Link>
        }
      >
        <Suspense fallback={<SkeletonRows rows={3} />}>
          <TeamTokens
            teamId={team.id}
            cursor={tokensCursor}
            viewer={viewer}
            canIssue={!deleted && can(viewer, 'tokens.manage', team.id)}
          />
        </Suspense>
      </Panel>
      <Suspense fallback={<SkeletonRows rows={6} />}>
        <TeamUsage teamId={team.id} />
      </Suspense>
      <Suspense fallback={<SkeletonRows rows={4} />}>
        <TeamTopUsers teamId={team.id} />
      </Suspense>
    </div>
  );
}
