import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Panel } from '@/components/ui/panel';
import { PageHeader } from '@/components/ui/page-header';
import { SkeletonPanel } from '@/components/ui/skeleton';
import { can, isTeamScoped } from '@/lib/permissions';
import { firstParam, type SearchParams } from '@/lib/url';
import { getViewer } from '@/lib/viewer';
import { CreateTeamForm } from './components/create-team-form';
import { TeamsView } from './teams-view';

export const metadata: Metadata = { title: 'Teams' };

export default async function TeamsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const [viewer, params] = await Promise.all([getViewer(), searchParams]);
  const cursor = firstParam(params, 'cursor')?.slice(0, 512);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Teams"
        description={
          isTeamScoped(viewer)
            ? 'The teams you belong to, with spend against their budgets.'
            : 'Every team, with spend in its current budget period against its limit.'
        }
      />
      <div
        className={can(viewer, 'teams.create') ? 'grid gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]' : ''}
      >
        <Suspense key={cursor ?? ''} fallback={<SkeletonPanel rows={6} label="Loading teams" />}>
          <TeamsView cursor={cursor} />
        </Suspense>
        {can(viewer, 'teams.create') ? (
          <Panel
            id="create-team"
            title="New team"
            description="Then give it a budget and issue it tokens."
            className="self-start"
          >
            <CreateTeamForm />
          </Panel>
        ) : null}
      </div>
    </div>
  );
}
