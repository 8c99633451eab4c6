import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { ErrorPanel } from '@/components/ui/error-panel';
import { apiRequestAsUser } from '@/lib/api';
import { load } from '@/lib/load';
import { firstParam, type SearchParams } from '@/lib/url';
import { getViewer } from '@/lib/viewer';
import { TeamView } from './team-view';
import { teamDetailSchema } from '@switchyard/contracts';

export const metadata: Metadata = { title: 'Team' };

export default async function TeamPage({
  params,
  searchParams,
}: {
  params: Promise<{ teamId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const [{ teamId }, query, viewer] = await Promise.all([params, searchParams, getViewer()]);
  if (!z.uuid().safeParse(teamId).success) notFound();
  const team = await load(() => apiRequestAsUser(`/admin/teams/${teamId}`, teamDetailSchema));
  // Another team's page answers 404, as if it did not exist.
  if (!team.ok && team.status === 404) notFound();
  if (!team.ok) return <ErrorPanel title="Could not load this team" message={team.error} />;
  return (
    <TeamView team={team.data} viewer={viewer} tokensCursor={firstParam(query, 'tokens')?.slice(0, 512)} />
  );
}
