import type { ReactNode } from 'react';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/permissions';
import { getViewer } from '@/lib/viewer';
import { SettingsTabs } from './components/settings-tabs';

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const viewer = await getViewer();
  const tabs = [
    ...(can(viewer, 'settings.read') ? [{ href: '/settings', label: 'General' }] : []),
    { href: '/settings/pricing', label: 'Pricing' },
    ...(can(viewer, 'routes.read') ? [{ href: '/settings/routes', label: 'Routes' }] : []),
    ...(can(viewer, 'notifications.read')
      ? [{ href: '/settings/notifications', label: 'Notifications' }]
      : []),
    ...(can(viewer, 'users.read') ? [{ href: '/settings/users', label: 'Users' }] : []),
    ...(can(viewer, 'apiKeys.manage') ? [{ href: '/settings/api-keys', label: 'API keys' }] : []),
  ];
  return (
    <div className="space-y-6">
      <PageHeader
        title="Settings"
        description="How the gateway prices, routes and admits requests, whom it tells, and who may administer it."
      />
      <SettingsTabs tabs={tabs} />
      {children}
    </div>
  );
}
