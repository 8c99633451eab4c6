import Link from 'next/link';
import { SelectField } from '@/components/ui/fields';
import { buttonStyles, linkStyle } from '@/components/ui/styles';
import { apiRequestAsUser } from '@/lib/api';
import { load } from '@/lib/load';
import type { KeyFilters } from '../filters';
import { providerPageSchema } from '@switchyard/contracts';

/** A plain GET form: filters live in the URL, so a filtered view can be bookmarked and shared. */
export async function KeyFiltersForm({ filters }: { filters: KeyFilters }) {
  const providers = await load(() => apiRequestAsUser('/admin/providers?limit=200', providerPageSchema));
  const providerOptions = [
    { value: '', label: 'All providers' },
    ...(providers.ok ? providers.data.items : []).map((p) => ({ value: p.name, label: p.name })),
  ];
  return (
    <form method="get" action="/keys" className="flex flex-wrap items-end gap-3" aria-label="Filter keys">
      <SelectField
        name="provider"
        label="Provider"
        options={providerOptions}
        defaultValue={filters.provider ?? ''}
        className="w-44"
      />
      <SelectField
        name="tier"
        label="Tier"
        options={[
          { value: '', label: 'All tiers' },
          { value: 'primary', label: 'Primary' },
          { value: 'daily', label: 'Daily' },
          { value: 'fallback', label: 'Fallback' },
        ]}
        defaultValue={filters.tier ?? ''}
        className="w-36"
      />
      <SelectField
        name="status"
        label="Stored status"
        options={[
          { value: '', label: 'Any status' },
          { value: 'active', label: 'Active' },
          { value: 'disabled', label: 'Disabled' },
          { value: 'auth_failed', label: 'Auth failed' },
        ]}
        defaultValue={filters.status ?? ''}
        className="w-40"
      />
      <button type="submit" className={buttonStyles.secondary}>
        Apply
      </button>
      {filters.provider || filters.tier || filters.status ? (
        <Link href="/keys" className={`${linkStyle} py-2 text-sm`}>
          Clear
        </Link>
      ) : null}
    </form>
  );
}
