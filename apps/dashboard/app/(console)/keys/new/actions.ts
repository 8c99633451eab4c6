'use server';

import { refresh } from 'next/cache';
import { unstable_rethrow } from 'next/navigation';
import { submitToApi } from '@/lib/action';
import { apiRequestAsUser } from '@/lib/api';
import { describeError } from '@/lib/describe-error';
import { parseForm, type FormState } from '@/lib/forms';
import { createKeyForm, createProviderForm, importForm } from './schemas';
import {
  type ImportReport,
  importReportSchema,
  providerKeySchema,
  providerSchema,
} from '@switchyard/contracts';

export async function createKey(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(createKeyForm, formData);
  if (!parsed.success) return parsed.state;
  const { weight, label, ...body } = parsed.data;
  return submitToApi(
    parsed.values,
    async () => {
      const key = await apiRequestAsUser('/admin/provider-keys', providerKeySchema, {
        body: { ...body, ...(label ? { label } : {}), ...(weight ? { weight } : {}) },
        // A test call to the provider can take a while.
        timeoutMs: 45_000,
      });
      refresh();
      const tested = body.validate ? ' The provider accepted it.' : ' It was not tested.';
      return {
        status: 'success',
        message: `Saved ${key.label} (${key.provider}, ••••${key.last4}).${tested}`,
        values: { provider: key.provider, tier: key.tier, validate: body.validate ? 'on' : '' },
      };
    },
    ['provider', 'secret', 'label', 'tier', 'weight', 'models'],
  );
}

export async function createProvider(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(createProviderForm, formData);
  if (!parsed.success) return parsed.state;
  return submitToApi(parsed.values, async () => {
    const provider = await apiRequestAsUser('/admin/providers', providerSchema, { body: parsed.data });
    refresh();
    return { status: 'success', message: `Added provider ${provider.name}. You can now add its keys.` };
  });
}

export interface ImportState extends FormState {
  report?: ImportReport;
}

/**
 * A dry run first shows what each line would do; the same text is then imported for real, all of it, or (when some
 * lines are bad) only its valid keys, as the person chose.
 */
export async function importKeys(_previous: ImportState, formData: FormData): Promise<ImportState> {
  const parsed = parseForm(importForm, formData);
  if (!parsed.success) return parsed.state;
  const intent = formData.get('intent');
  const dryRun = intent !== 'import' && intent !== 'import-valid';
  try {
    const report = await apiRequestAsUser('/admin/provider-keys/import', importReportSchema, {
      body: { ...parsed.data, dryRun, skipInvalid: intent === 'import-valid' },
      timeoutMs: 120_000,
    });
    if (!dryRun) refresh();
    return { status: 'success', values: parsed.values, report, message: importSummary(report) };
  } catch (error) {
    unstable_rethrow(error);
    return { status: 'error', values: parsed.values, message: describeError(error) };
  }
}

function importSummary(report: ImportReport): string {
  const { created, duplicate, invalid, validation_failed: failed, skipped: notKeys } = report.summary;
  const skipped =
    (duplicate ? ` ${duplicate} already stored ${report.dryRun ? 'will be' : 'were'} skipped.` : '') +
    (notKeys ? ` ${notKeys} line(s) are not provider keys and are skipped.` : '');
  if (report.dryRun) {
    if (!report.accepted) {
      const valid = created ? ` Fix them, or import the ${created} valid key(s) only.` : ' Fix them first.';
      return `Preview: ${invalid + failed} line(s) cannot be imported.${valid}${skipped}`;
    }
    return created
      ? `Preview: ${created} key(s) ready to import.${skipped}`
      : `Preview: nothing new to import.${skipped}`;
  }
  return report.saved ? `Imported ${created} key(s).` : `Nothing new was imported.${skipped}`;
}
