import Link from 'next/link';
import { TextField } from '@/components/ui/fields';
import { buttonStyles, linkStyle } from '@/components/ui/styles';
import type { AuditFilters } from '../filters';

/** Actions the API records, offered as suggestions; a trailing * matches a prefix (token.*). */
const KNOWN_ACTIONS = [
  'auth.*',
  'auth.login.succeeded',
  'auth.login.failed',
  'api_key.create',
  'api_key.revoke',
  'budget.set',
  'budget.remove',
  'credits.adjust',
  'pricing.*',
  'provider.*',
  'provider_key.*',
  'provider_key.create',
  'provider_key.update',
  'provider_key.delete',
  'provider_key.test',
  'provider_key.import',
  'route.*',
  'settings.update',
  'team.*',
  'token.*',
  'token.create',
  'token.revoke',
  'token.rotate',
  'user.create',
  'access.denied',
];

const TARGET_TYPES = [
  'api_key',
  'model_price',
  'pricing',
  'provider',
  'provider_key',
  'route',
  'settings',
  'team',
  'token',
  'user',
];

export function AuditFiltersForm({ filters }: { filters: AuditFilters }) {
  return (
    <form method="get" action="/audit" className="flex flex-wrap items-end gap-3" aria-label="Audit filters">
      <TextField
        name="actor"
        label="Actor"
        placeholder="email, key name or id"
        defaultValue={filters.actor ?? ''}
        className="w-56"
      />
      <TextField
        name="action"
        label="Action"
        placeholder="e.g. token.*"
        list="audit-actions"
        defaultValue={filters.action ?? ''}
        className="w-48"
      />
      <datalist id="audit-actions">
        {KNOWN_ACTIONS.map((action) => (
          <option key={action} value={action} />
        ))}
      </datalist>
      <TextField
        name="targetType"
        label="Target type"
        list="audit-targets"
        placeholder="e.g. provider_key"
        defaultValue={filters.targetType ?? ''}
        className="w-44"
      />
      <datalist id="audit-targets">
        {TARGET_TYPES.map((type) => (
          <option key={type} value={type} />
        ))}
      </datalist>
      <TextField name="from" label="From" type="date" defaultValue={filters.from ?? ''} className="w-40" />
      <TextField name="to" label="To" type="date" defaultValue={filters.to ?? ''} className="w-40" />
      <button type="submit" className={buttonStyles.secondary}>
        Apply
      </button>
      <Link href="/audit" className={`${linkStyle} py-2 text-sm`}>
        Reset
      </Link>
    </form>
  );
}
