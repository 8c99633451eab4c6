import type { Metadata } from 'next';
import type { SearchParams } from '@/lib/url';
import { getViewer } from '@/lib/viewer';
import { overviewRange } from './overview-range';
import { OverviewView } from './overview-view';

export const metadata: Metadata = { title: 'Overview' };

export default async function OverviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const [viewer, params] = await Promise.all([getViewer(), searchParams]);
  return <OverviewView viewer={viewer} range={overviewRange(params)} />;
}
