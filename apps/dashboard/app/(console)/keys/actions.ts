'use server';

import { refresh } from 'next/cache';
import { unstable_rethrow } from 'next/navigation';
import { submitToApi } from '@/lib/action';
import { apiRequestAsUser } from '@/lib/api';
import { describeError } from '@/lib/describe-error';
import { formatMs } from '@/lib/format';
import { parseForm, type FormState } from '@/lib/forms';
import { keyEnabledForm, keyIdForm, keyRoutingForm } from './schemas';
import {
  keyLimitsSchema,
  keyStateSchema,
  keyTestSchema,
  providerKeySchema,
  type KeyLimits,
} from '@switchyard/contracts';
import { anyBodySchema } from '@/lib/api';

export async function testKey(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(keyIdForm, formData);
  if (!parsed.success) return parsed.state;
  return submitToApi(parsed.values, async () => {
    const result = await apiRequestAsUser(`/admin/provider-keys/${parsed.data.id}/test`, keyTestSchema, {
      method: 'POST',
      timeoutMs: 30_000,
    });
    refresh();
    return result.ok
      ? { status: 'success', message: `Test passed in ${formatMs(result.latencyMs)}.` }
      : {
          status: 'error',
          message: `Test failed after ${formatMs(result.latencyMs)}: ${result.error ?? 'refused'}`,
        };
  });
}

/** Ends every cooldown of the key, for every model, on every replica of the gateway. */
export async function resetKey(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(keyIdForm, formData);
  if (!parsed.success) return parsed.state;
  return submitToApi(parsed.values, async () => {
    await apiRequestAsUser(`/admin/provider-keys/${parsed.data.id}/reset`, keyStateSchema, {
      method: 'POST',
    });
    refresh();
    return { status: 'success', message: 'Cooldowns cleared.' };
  });
}

export interface LimitsState extends FormState {
  limits?: KeyLimits;
}

/** The provider's own figures for a key; `refresh` makes one minimal live call for fresh ones. */
export async function loadKeyLimits(_previous: LimitsState, formData: FormData): Promise<LimitsState> {
  const parsed = parseForm(keyIdForm, formData);
  if (!parsed.success) return parsed.state;
  const refreshed = formData.get('refresh') === 'true';
  try {
    const limits = await apiRequestAsUser(
      `/admin/provider-keys/${parsed.data.id}/limits${refreshed ? '?refresh=true' : ''}`,
      keyLimitsSchema,
      { timeoutMs: 30_000 },
    );
    return { status: 'success', limits };
  } catch (error) {
    unstable_rethrow(error);
    return { status: 'error', message: describeError(error) };
  }
}

export async function setKeyEnabled(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(keyEnabledForm, formData);
  if (!parsed.success) return parsed.state;
  return submitToApi(parsed.values, async () => {
    await apiRequestAsUser(`/admin/provider-keys/${parsed.data.id}`, providerKeySchema, {
      method: 'PATCH',
      body: { enabled: parsed.data.enabled },
    });
    refresh();
    return { status: 'success', message: parsed.data.enabled ? 'Key enabled.' : 'Key disabled.' };
  });
}

export async function updateKeyRouting(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(keyRoutingForm, formData);
  if (!parsed.success) return parsed.state;
  const { id, ...changes } = parsed.data;
  return submitToApi(parsed.values, async () => {
    await apiRequestAsUser(`/admin/provider-keys/${id}`, providerKeySchema, {
      method: 'PATCH',
      body: { ...changes, maxConcurrency: changes.maxConcurrency ?? null },
    });
    refresh();
    return { status: 'success', message: 'Saved.', values: parsed.values };
  });
}

export async function deleteKey(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(keyIdForm, formData);
  if (!parsed.success) return parsed.state;
  return submitToApi(parsed.values, async () => {
    await apiRequestAsUser(`/admin/provider-keys/${parsed.data.id}`, anyBodySchema, { method: 'DELETE' });
    refresh();
    return { status: 'success', message: 'Key deleted.' };
  });
}
