'use client';

import { startTransition, useActionState, useState } from 'react';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { CheckboxField, SelectField, TextAreaField } from '@/components/ui/fields';
import { FormAlert } from '@/components/ui/form-alert';
import { tableStyles } from '@/components/ui/styles';
import { SubmitButton } from '@/components/ui/submit-button';
import { importKeys, type ImportState } from '../actions';
import type { ImportReport } from '@switchyard/contracts';

const LINE_STATUS: Record<ImportReport['entries'][number]['status'], { label: string; tone: BadgeTone }> = {
  created: { label: 'New', tone: 'green' },
  duplicate: { label: 'Already stored', tone: 'zinc' },
  invalid: { label: 'Invalid', tone: 'red' },
  validation_failed: { label: 'Refused by provider', tone: 'red' },
  skipped: { label: 'Not a key', tone: 'zinc' },
};

const PLACEHOLDER = {
  env: 'OPENAI_API_KEY_1=sk-…\nOPENAI_API_KEY_2=sk-…\nANTHROPIC_API_KEY=sk-ant-…',
  yaml: 'primary:\n  - provider: openai\n    api_key: sk-…\nfallback:\n  - provider: groq\n    api_key: gsk_…',
};

const INITIAL: ImportState = { status: 'idle' };

export function ImportForm() {
  const [state, formAction, pending] = useActionState(importKeys, INITIAL);
  const [content, setContent] = useState('');
  const [format, setFormat] = useState<'env' | 'yaml'>('env');
  // Held here, not by the form: a form action resets uncontrolled fields, and Import would save into Primary.
  const [tier, setTier] = useState<'primary' | 'daily' | 'fallback'>('primary');
  const [previewedContent, setPreviewedContent] = useState<string | null>(null);
  const report = state.report;
  const previewMatches = report?.dryRun && previewedContent === content;
  const errors = state.fieldErrors ?? {};

  return (
    <form
      // Submitted by hand rather than through `action`: a form action resets the form afterwards, which put the
      // tier back to Primary between the preview and the import.
      onSubmit={(event) => {
        event.preventDefault();
        const submitter = (event.nativeEvent as SubmitEvent).submitter;
        if (submitter?.getAttribute('value') === 'preview') setPreviewedContent(content);
        const data = new FormData(event.currentTarget, submitter);
        startTransition(() => formAction(data));
      }}
      className="space-y-4"
      aria-label="Import keys in bulk"
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          formId="import"
          name="format"
          label="Format"
          value={format}
          onChange={(event) => setFormat(event.target.value === 'yaml' ? 'yaml' : 'env')}
          options={[
            { value: 'env', label: '.env lines (PROVIDER_API_KEY_N=…)' },
            { value: 'yaml', label: 'Tiered YAML (primary / daily / fallback)' },
          ]}
          error={errors.format}
        />
        <SelectField
          formId="import"
          name="tier"
          label="Tier for lines without one"
          options={[
            { value: 'primary', label: 'Primary' },
            { value: 'daily', label: 'Daily' },
            { value: 'fallback', label: 'Fallback' },
          ]}
          value={tier}
          onChange={(event) => setTier(event.target.value as typeof tier)}
          error={errors.tier}
        />
      </div>
      <TextAreaField
        formId="import"
        name="content"
        label="Keys"
        rows={7}
        value={content}
        onChange={(event) => setContent(event.target.value)}
        placeholder={PLACEHOLDER[format]}
        spellCheck={false}
        autoComplete="off"
        error={errors.content}
        hint="Nothing is saved by the preview. A preview lists every line that cannot be imported; import the valid keys only, or fix the bad lines first."
      />
      <CheckboxField
        formId="import"
        name="validate"
        label="Test every key with its provider"
        defaultChecked
        hint="Slower for long lists; keys the provider refuses are reported per line."
      />

      <FormAlert state={state} pending={pending} />

      {report ? <ImportReportTable report={report} /> : null}

      <div className="flex flex-wrap gap-2">
        <SubmitButton
          busy={pending}
          name="intent"
          value="preview"
          variant="secondary"
          pendingLabel="Checking…"
        >
          Preview
        </SubmitButton>
        {previewMatches && report.accepted && report.summary.created > 0 ? (
          <SubmitButton busy={pending} name="intent" value="import" pendingLabel="Importing…">
            Import {report.summary.created} key{report.summary.created === 1 ? '' : 's'} as {tier}
          </SubmitButton>
        ) : null}
        {previewMatches && !report.accepted && report.summary.created > 0 ? (
          <SubmitButton busy={pending} name="intent" value="import-valid" pendingLabel="Importing…">
            Import the {report.summary.created} valid key{report.summary.created === 1 ? '' : 's'} as {tier},
            skip the bad lines
          </SubmitButton>
        ) : null}
      </div>
    </form>
  );
}

function ImportReportTable({ report }: { report: ImportReport }) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className={tableStyles.table} data-testid="import-report">
        <caption className="sr-only">
          {report.dryRun ? 'Preview of the import' : 'Result of the import'}
        </caption>
        <thead>
          <tr>
            <th scope="col" className={tableStyles.th}>
              Line
            </th>
            <th scope="col" className={tableStyles.th}>
              Provider
            </th>
            <th scope="col" className={tableStyles.th}>
              Key
            </th>
            <th scope="col" className={tableStyles.th}>
              Result
            </th>
          </tr>
        </thead>
        <tbody className={tableStyles.body}>
          {report.entries.map((entry) => (
            <tr key={entry.line}>
              <td className={tableStyles.td}>{entry.line}</td>
              <td className={tableStyles.td}>{entry.provider ?? '—'}</td>
              <td className={`${tableStyles.td} font-mono text-xs`}>
                {entry.last4 ? `••••${entry.last4}` : '—'}
              </td>
              <td className={tableStyles.td}>
                <Badge tone={LINE_STATUS[entry.status].tone}>{LINE_STATUS[entry.status].label}</Badge>
                {entry.error ? (
                  <span className="ml-2 text-xs text-zinc-600 dark:text-zinc-400">{entry.error}</span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.providersCreated.length ? (
        <p className="border-t border-zinc-200 px-4 py-2 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
          Creates provider{report.providersCreated.length === 1 ? '' : 's'}:{' '}
          {report.providersCreated.map((p) => `${p.name} (${p.type}, ${p.baseUrl})`).join(', ')}
        </p>
      ) : null}
    </div>
  );
}
