import Link from 'next/link';
import { SelectField, TextField } from '@/components/ui/fields';
import { buttonStyles, linkStyle } from '@/components/ui/styles';
import type { RequestFilters } from '../filters';

const STATUSES = [
  { value: '', label: 'Any status' },
  { value: 'ok', label: 'Answered' },
  { value: 'error', label: 'Upstream or gateway error' },
  { value: 'refused', label: 'Refused by policy' },
];

/** A GET form: every filter is in the URL, so a view can be bookmarked or shared. */
export function RequestsFiltersForm({
  filters,
  canSeeKeys,
}: {
  filters: RequestFilters;
  canSeeKeys: boolean;
}) {
  return (
    <form
      method="get"
      action="/usage/requests"
      className="flex flex-wrap items-end gap-3"
      aria-label="Request filters"
    >
      <TextField name="user" label="User" defaultValue={filters.user} className="w-48" />
      <TextField
        name="model"
        label="Model"
        defaultValue={filters.model}
        placeholder="provider/model"
        className="w-56"
      />
      <SelectField
        name="status"
        label="Status"
        options={STATUSES}
        defaultValue={filters.status ?? ''}
        className="w-56"
      />
      <TextField name="teamId" label="Team id" defaultValue={filters.teamId} className="w-72" />
      <TextField name="tokenId" label="Token id" defaultValue={filters.tokenId} className="w-72" />
      {canSeeKeys ? (
        <TextField name="keyId" label="Key id" defaultValue={filters.keyId} className="w-72" />
      ) : null}
      <TextField name="from" label="From" type="date" defaultValue={filters.from} className="w-40" />
      <TextField name="to" label="To" type="date" defaultValue={filters.to} className="w-40" />
      <button type="submit" className={buttonStyles.secondary}>
        Apply
      </button>
      <Link href="/usage/requests" className={`${linkStyle} py-2 text-sm`}>
        Reset
      </Link>
    </form>
  );
}
