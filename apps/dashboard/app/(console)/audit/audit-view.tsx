import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Pager } from '@/components/ui/pager';
import { panelStyle } from '@/components/ui/styles';
import { apiRequestAsUser } from '@/lib/api';
import { load } from '@/lib/load';
import { hrefWith } from '@/lib/url';
import { AuditTable } from './components/audit-table';
import { auditApiQuery, type AuditFilters } from './filters';
import { auditPageSchema } from '@switchyard/contracts';

const PAGE_SIZE = 50;

export async function AuditView({ filters }: { filters: AuditFilters }) {
  const page = await load(() =>
    apiRequestAsUser(
      hrefWith('/admin/audit', { ...auditApiQuery(filters), limit: PAGE_SIZE }),
      auditPageSchema,
    ),
  );
  if (!page.ok) return <ErrorPanel title="Could not load the audit log" message={page.error} />;
  const { cursor, ...criteria } = filters;
  return (
    <div className={panelStyle}>
      {page.data.items.length === 0 ? (
        <EmptyState
          title={Object.values(criteria).some(Boolean) ? 'No events match these filters' : 'No events yet'}
        />
      ) : (
        <AuditTable events={page.data.items} />
      )}
      <Pager
        label="Audit pages"
        isFirstPage={!cursor}
        firstHref={hrefWith('/audit', criteria)}
        nextHref={
          page.data.nextCursor ? hrefWith('/audit', { ...criteria, cursor: page.data.nextCursor }) : null
        }
      />
    </div>
  );
}
