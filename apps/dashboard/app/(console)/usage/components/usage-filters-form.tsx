import Link from 'next/link';
import { Suspense } from 'react';
import { SelectField, TextField } from '@/components/ui/fields';
import { buttonStyles, linkStyle } from '@/components/ui/styles';
import { apiRequestAsUser } from '@/lib/api';
import { load } from '@/lib/load';
import type { UsageFilters } from '../filters';
import { teamPageSchema } from '@switchyard/contracts';

const GROUPS = [
  { value: 'day', label: 'Day' },
  { value: 'team', label: 'Team' },
  { value: 'token', label: 'Proxy token' },
  { value: 'model', label: 'Model' },
  { value: 'key', label: 'Provider key' },
  { value: 'user', label: 'User' },
];

/** A GET form: every filter is in the URL, so a view can be bookmarked or shared. */
export function UsageFiltersForm({
  filters,
  canGroupByKey,
}: {
  filters: UsageFilters;
  canGroupByKey: boolean;
}) {
  return (
    <form method="get" action="/usage" className="flex flex-wrap items-end gap-3" aria-label="Usage filters">
      {['Group by', 'Then by', 'And by'].map((label, index) => (
        // Each select adds a dimension; the URL carries one `groupBy` per select, the API takes them as a list.
        <SelectField
          key={label}
          name="groupBy"
          formId={`group-${index}`}
          label={label}
          options={[
            ...(index === 0 ? [] : [{ value: '', label: '—' }]),
            ...(canGroupByKey ? GROUPS : GROUPS.filter((group) => group.value !== 'key')),
          ]}
          defaultValue={filters.groupBy[index] ?? ''}
          className="w-36"
        />
      ))}
      <TextField name="user" label="User" defaultValue={filters.user} className="w-48" />
      <TextField name="from" label="From" type="date" defaultValue={filters.from} required className="w-40" />
      <TextField name="to" label="To" type="date" defaultValue={filters.to} required className="w-40" />
      <Suspense
        fallback={
          <SelectField
            name="teamId"
            label="Team"
            options={[{ value: '', label: 'Loading…' }]}
            disabled
            className="w-48"
          />
        }
      >
        <TeamSelect selected={filters.teamId} />
      </Suspense>
      <button type="submit" className={buttonStyles.secondary}>
        Apply
      </button>
      <Link href="/usage" className={`${linkStyle} py-2 text-sm`}>
        Reset
      </Link>
    </form>
  );
}

async function TeamSelect({ selected }: { selected?: string }) {
  const teams = await load(() => apiRequestAsUser('/admin/teams?limit=200', teamPageSchema));
  const options = [
    { value: '', label: 'All teams' },
    ...(teams.ok ? teams.data.items : []).map((team) => ({
      value: team.id,
      label: team.deletedAt ? `${team.name} (deleted)` : team.name,
    })),
  ];
  if (selected && !options.some((option) => option.value === selected)) {
    options.push({ value: selected, label: `Team ${selected.slice(0, 8)}…` });
  }
  return (
    <SelectField
      name="teamId"
      label="Team"
      options={options}
      defaultValue={selected ?? ''}
      className="w-48"
      hint={teams.ok ? undefined : 'Teams could not be listed.'}
    />
  );
}
