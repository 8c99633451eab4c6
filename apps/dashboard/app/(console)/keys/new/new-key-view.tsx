import { ErrorPanel } from '@/components/ui/error-panel';
import { Panel } from '@/components/ui/panel';
import { apiRequestAsUser } from '@/lib/api';
import { load } from '@/lib/load';
import { AddKeyForm } from './components/add-key-form';
import { AddProviderForm } from './components/add-provider-form';
import { ImportForm } from './components/import-form';
import { providerPageSchema } from '@switchyard/contracts';

export async function NewKeyView() {
  const providers = await load(() => apiRequestAsUser('/admin/providers?limit=200', providerPageSchema));
  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <div className="space-y-6">
        <Panel
          id="add-key"
          title="One key"
          description="Saved keys join the pool within a second on every replica."
        >
          {providers.ok ? (
            <AddKeyForm providers={providers.data.items} />
          ) : (
            <ErrorPanel title="Could not load providers" message={providers.error} />
          )}
        </Panel>
        <Panel
          id="import"
          title="Bulk import"
          description="Paste a .env file or the tiered YAML; preview what each line does, then import."
        >
          <ImportForm />
        </Panel>
      </div>
      <Panel
        id="add-provider"
        title="Custom provider"
        description="For an OpenAI-, Anthropic- or Gemini-compatible endpoint that is not built in."
        className="self-start"
      >
        <AddProviderForm />
      </Panel>
    </div>
  );
}
