'use server';

import { refresh } from 'next/cache';
import { submitToApi } from '@/lib/action';
import { apiRequestAsUser } from '@/lib/api';
import { parseForm, type FormState } from '@/lib/forms';
import {
  apiKeyForm,
  apiKeyIdForm,
  priceForm,
  priceKeyForm,
  routeForm,
  routeKeyForm,
  passwordResetForm,
  runtimeSettingsForm,
  userForm,
  userIdForm,
  userUpdateForm,
} from './schemas';
import {
  issuedApiKeySchema,
  passwordResetSchema,
  priceSchema,
  routeSchema,
  runtimeSettingsSchema,
  userSchema,
} from '@switchyard/contracts';
import { anyBodySchema } from '@/lib/api';

export async function updateRuntimeSettings(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(runtimeSettingsForm, formData);
  if (!parsed.success) return parsed.state;
  return submitToApi(parsed.values, async () => {
    await apiRequestAsUser('/admin/settings', runtimeSettingsSchema, { method: 'PATCH', body: parsed.data });
    refresh();
    return { status: 'success', message: 'Settings saved; every replica applies them within seconds.' };
  });
}

export async function upsertPrice(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(priceForm, formData);
  if (!parsed.success) return parsed.state;
  const { cachedInputUsdPerMTok, ...price } = parsed.data;
  return submitToApi(
    parsed.values,
    async () => {
      const saved = await apiRequestAsUser('/admin/pricing', priceSchema, {
        method: 'PUT',
        body: { ...price, cachedInputUsdPerMTok: cachedInputUsdPerMTok ?? null },
      });
      refresh();
      return { status: 'success', message: `Saved the price of ${saved.provider}/${saved.model}.` };
    },
    ['provider', 'model', 'inputUsdPerMTok', 'outputUsdPerMTok', 'cachedInputUsdPerMTok'],
  );
}

export async function deletePrice(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(priceKeyForm, formData);
  if (!parsed.success) return parsed.state;
  const { provider, model } = parsed.data;
  return submitToApi(parsed.values, async () => {
    await apiRequestAsUser(`/admin/pricing/${provider}/${encodeURIComponent(model)}`, anyBodySchema, {
      method: 'DELETE',
    });
    refresh();
    return { status: 'success', message: 'Price removed.' };
  });
}

export async function upsertRoute(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(routeForm, formData);
  if (!parsed.success) return parsed.state;
  return submitToApi(
    parsed.values,
    async () => {
      const route = await apiRequestAsUser('/admin/routes', routeSchema, { body: parsed.data });
      refresh();
      return { status: 'success', message: `Saved ${route.alias}.` };
    },
    ['alias', 'targets'],
  );
}

export async function deleteRoute(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(routeKeyForm, formData);
  if (!parsed.success) return parsed.state;
  return submitToApi(parsed.values, async () => {
    await apiRequestAsUser(`/admin/routes/${encodeURIComponent(parsed.data.alias)}`, anyBodySchema, {
      method: 'DELETE',
    });
    refresh();
    return { status: 'success', message: 'Route removed.' };
  });
}

export async function createUser(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(userForm, formData);
  if (!parsed.success) return parsed.state;
  const { name, ...user } = parsed.data;
  return submitToApi(
    parsed.values,
    async () => {
      const created = await apiRequestAsUser('/admin/users', userSchema, {
        body: { ...user, ...(name ? { name } : {}) },
      });
      refresh();
      return { status: 'success', message: `Created ${created.email}. Their user id is ${created.id}.` };
    },
    ['email', 'name', 'password', 'role'],
  );
}

export async function createApiKey(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(apiKeyForm, formData);
  if (!parsed.success) return parsed.state;
  const { expiresAt, ...key } = parsed.data;
  return submitToApi(
    parsed.values,
    async () => {
      const issued = await apiRequestAsUser('/admin/api-keys', issuedApiKeySchema, {
        body: { ...key, ...(expiresAt ? { expiresAt } : {}) },
      });
      refresh();
      return { status: 'success', message: `Created ${issued.name}.`, secret: issued.key };
    },
    ['name', 'role', 'expiresAt'],
  );
}

export async function revokeApiKey(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(apiKeyIdForm, formData);
  if (!parsed.success) return parsed.state;
  return submitToApi(parsed.values, async () => {
    await apiRequestAsUser(`/admin/api-keys/${parsed.data.id}`, anyBodySchema, { method: 'DELETE' });
    refresh();
    return { status: 'success', message: 'API key revoked.' };
  });
}

export async function updateUser(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(userUpdateForm, formData);
  if (!parsed.success) return parsed.state;
  const { id, role, name } = parsed.data;
  return submitToApi(
    parsed.values,
    async () => {
      const user = await apiRequestAsUser(`/admin/users/${id}`, userSchema, {
        method: 'PATCH',
        body: { role, name: name ?? null },
      });
      refresh();
      return { status: 'success', message: `Saved ${user.email}.` };
    },
    ['role', 'name'],
  );
}

export async function setUserDisabled(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(userIdForm, formData);
  if (!parsed.success) return parsed.state;
  const disabled = formData.get('disabled') === 'true';
  return submitToApi(parsed.values, async () => {
    const user = await apiRequestAsUser(`/admin/users/${parsed.data.id}`, userSchema, {
      method: 'PATCH',
      body: { disabled },
    });
    refresh();
    return {
      status: 'success',
      message: disabled ? `${user.email} is disabled and signed out.` : `${user.email} may sign in again.`,
    };
  });
}

export async function deleteUser(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(userIdForm, formData);
  if (!parsed.success) return parsed.state;
  return submitToApi(parsed.values, async () => {
    await apiRequestAsUser(`/admin/users/${parsed.data.id}`, userSchema, { method: 'DELETE' });
    refresh();
    return { status: 'success', message: 'User deleted.' };
  });
}

export async function resetUserPassword(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(passwordResetForm, formData);
  if (!parsed.success) return parsed.state;
  return submitToApi(
    parsed.values,
    async () => {
      const reset = await apiRequestAsUser(`/admin/users/${parsed.data.id}/password`, passwordResetSchema, {
        body: { password: parsed.data.password },
      });
      refresh();
      return {
        status: 'success',
        message: `Password set; ${reset.endedSessions} session(s) ended. Share the new password privately.`,
      };
    },
    ['password'],
  );
}
