import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Pager } from '@/components/ui/pager';
import { panelStyle } from '@/components/ui/styles';
import { apiRequestAsUser } from '@/lib/api';
import { load } from '@/lib/load';
import { hrefWith } from '@/lib/url';
import { RequestsTable } from './components/requests-table';
import { requestsApiQuery, type RequestFilters } from './filters';
import { requestPageSchema } from '@switchyard/contracts';

const PAGE_SIZE = 50;

export async function RequestsView({ filters }: { filters: RequestFilters }) {
  const page = await load(() =>
    apiRequestAsUser(
      hrefWith('/admin/requests', { ...requestsApiQuery(filters), limit: PAGE_SIZE }),
      requestPageSchema,
    ),
  );
  if (!page.ok) return <ErrorPanel title="Could not load requests" message={page.error} />;
  const { cursor, ...criteria } = filters;
  return (
    <div className={panelStyle}>
      {page.data.items.length === 0 ? (
        <EmptyState
          title={
            Object.values(criteria).some(Boolean) ? 'No requests match these filters' : 'No requests yet'
          }
        />
      ) : (
        <RequestsTable rows={page.data.items} />
      )}
      <Pager
        label="Request pages"
        isFirstPage={!cursor}
        firstHref={hrefWith('/usage/requests', criteria)}
        nextHref={
          page.data.nextCursor
            ? hrefWith('/usage/requests', { ...criteria, cursor: page.data.nextCursor })
            : null
        }
      />
    </div>
  );
}
