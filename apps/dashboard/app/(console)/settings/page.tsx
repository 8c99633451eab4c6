import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { Badge } from '@/components/ui/badge';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Panel } from '@/components/ui/panel';
import { SkeletonRows } from '@/components/ui/skeleton';
import { tableStyles } from '@/components/ui/styles';
import { apiRequestAsUser } from '@/lib/api';
import { formatCount } from '@/lib/format';
import { load } from '@/lib/load';
import { can } from '@/lib/permissions';
import { getViewer } from '@/lib/viewer';
import { RuntimeSettingsForm } from './components/runtime-settings-form';
import { providerPageSchema, runtimeSettingsSchema } from '@switchyard/contracts';

export const metadata: Metadata = { title: 'Settings' };

export default async function GeneralSettingsPage() {
  const viewer = await getViewer();
  if (!can(viewer, 'settings.read')) redirect('/settings/pricing');
  const canManage = can(viewer, 'settings.manage');
  return (
    <div className="space-y-6">
      <Panel
        id="admission"
        title="Unpriced models"
        description="What the gateway does with a model that has no price in the pricing table."
      >
        <Suspense fallback={<SkeletonRows rows={2} />}>
          <RuntimeSettings canManage={canManage} />
        </Suspense>
      </Panel>
      <Panel
        id="providers"
        title="Providers"
        description="Built-in providers and custom ones added on the Add keys page."
        flush
      >
        <Suspense fallback={<SkeletonRows rows={6} />}>
          <ProviderList />
        </Suspense>
      </Panel>
    </div>
  );
}

async function RuntimeSettings({ canManage }: { canManage: boolean }) {
  const settings = await load(() => apiRequestAsUser('/admin/settings', runtimeSettingsSchema));
  if (!settings.ok) return <ErrorPanel message={settings.error} />;
  return <RuntimeSettingsForm settings={settings.data} canManage={canManage} />;
}

async function ProviderList() {
  const providers = await load(() => apiRequestAsUser('/admin/providers?limit=200', providerPageSchema));
  if (!providers.ok)
    return (
      <div className="p-4">
        <ErrorPanel message={providers.error} />
      </div>
    );
  return (
    <div className={tableStyles.wrapper}>
      <table className={tableStyles.table}>
        <thead>
          <tr>
            <th scope="col" className={tableStyles.th}>
              Name
            </th>
            <th scope="col" className={tableStyles.th}>
              Wire format
            </th>
            <th scope="col" className={tableStyles.th}>
              Base URL
            </th>
            <th scope="col" className={tableStyles.thNumeric}>
              Keys
            </th>
          </tr>
        </thead>
        <tbody className={tableStyles.body}>
          {providers.data.items.map((provider) => (
            <tr key={provider.id}>
              <td className={tableStyles.td}>
                <span className="font-medium text-zinc-900 dark:text-zinc-100">{provider.name}</span>
                {provider.builtIn ? null : (
                  <span className="ml-2">
                    <Badge tone="sky">custom</Badge>
                  </span>
                )}
              </td>
              <td className={tableStyles.td}>{provider.type}</td>
              <td className={`${tableStyles.td} font-mono text-xs break-all`}>{provider.baseUrl}</td>
              <td className={tableStyles.tdNumeric}>{formatCount(provider.keyCount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
