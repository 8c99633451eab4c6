import Link from 'next/link';
import { Suspense } from 'react';
import { PageHeader } from '@/components/ui/page-header';
import { Panel } from '@/components/ui/panel';
import { SkeletonRows, SkeletonStats } from '@/components/ui/skeleton';
import { linkStyle } from '@/components/ui/styles';
import { can, isTeamScoped } from '@/lib/permissions';
import { AttentionKeys } from './components/attention-keys';
import { CostChart, CostChartControls } from './components/cost-chart';
import { HeadlineStats } from './components/headline-stats';
import { TeamBudgets } from './components/team-budgets';
import { TopGroups } from './components/top-groups';
import type { OverviewRange } from './overview-range';
import type { Viewer } from '@switchyard/contracts';

/** Each panel loads on its own, so a slow or failing read only affects its own panel. */
export function OverviewView({ viewer, range }: { viewer: Viewer; range: OverviewRange }) {
  const scoped = isTeamScoped(viewer);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Overview"
        description={
          scoped
            ? 'Spend, traffic and budgets of your teams. Days are counted in UTC.'
            : 'Spend, traffic and key health across the organisation. Days are counted in UTC.'
        }
      />
      <Suspense fallback={<SkeletonStats />}>
        <HeadlineStats range={range} />
      </Suspense>

      <Panel
        id="cost-over-time"
        title="Cost over time"
        description={`Per UTC day, the top ${range.split === 'team' ? 'teams' : 'models'} and the rest.`}
        actions={<CostChartControls range={range} />}
      >
        <Suspense
          key={`${range.split}-${range.days}`}
          fallback={<SkeletonRows rows={6} label="Loading chart" />}
        >
          <CostChart range={range} />
        </Suspense>
      </Panel>

      <div className="grid gap-6 lg:grid-cols-2">
        <Panel
          id="top-teams"
          title="Top teams this month"
          actions={
            <Link href="/usage?groupBy=team" className={`${linkStyle} text-xs`}>
              Usage by team
            </Link>
          }
        >
          <Suspense fallback={<SkeletonRows rows={4} />}>
            <TopGroups range={range} groupBy="team" />
          </Suspense>
        </Panel>
        <Panel
          id="top-models"
          title="Top models this month"
          actions={
            <Link href="/usage?groupBy=model" className={`${linkStyle} text-xs`}>
              Usage by model
            </Link>
          }
        >
          <Suspense fallback={<SkeletonRows rows={4} />}>
            <TopGroups range={range} groupBy="model" />
          </Suspense>
        </Panel>
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <Panel
          id="budgets"
          title="Budgets"
          description="Spend in the current budget period against each team's limit."
        >
          <Suspense fallback={<SkeletonRows rows={4} />}>
            <TeamBudgets />
          </Suspense>
        </Panel>
        {can(viewer, 'keys.read') ? (
          <Panel
            id="attention"
            title="Keys needing attention"
            description="Refused by the provider, disabled, out of quota, or cooling for more than five minutes."
            actions={
              <Link href="/keys" className={`${linkStyle} text-xs`}>
                All keys
              </Link>
            }
          >
            <Suspense fallback={<SkeletonRows rows={4} />}>
              <AttentionKeys />
            </Suspense>
          </Panel>
        ) : null}
      </div>
    </div>
  );
}
