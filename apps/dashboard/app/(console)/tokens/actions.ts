'use server';

import { refresh } from 'next/cache';
import { submitToApi } from '@/lib/action';
import { apiRequestAsUser } from '@/lib/api';
import { parseForm, type FormState } from '@/lib/forms';
import { createTokenForm, tokenIdForm } from './schemas';
import { issuedProxyTokenSchema, proxyTokenSchema } from '@switchyard/contracts';

export async function createToken(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(createTokenForm, formData);
  if (!parsed.success) return parsed.state;
  const { teamId, allowedModels, ...rest } = parsed.data;
  return submitToApi(
    parsed.values,
    async () => {
      const issued = await apiRequestAsUser(`/admin/teams/${teamId}/tokens`, issuedProxyTokenSchema, {
        body: { ...rest, ...(allowedModels.length ? { allowedModels } : {}) },
      });
      refresh();
      return {
        status: 'success',
        message: `Issued ${issued.name}.`,
        secret: issued.token,
        values: { teamId },
      };
    },
    ['teamId', 'name', 'allowedModels', 'rpm', 'tpm', 'budgetUsd', 'expiresAt'],
  );
}

export async function revokeToken(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(tokenIdForm, formData);
  if (!parsed.success) return parsed.state;
  return submitToApi(parsed.values, async () => {
    await apiRequestAsUser(`/admin/tokens/${parsed.data.tokenId}`, proxyTokenSchema, { method: 'DELETE' });
    refresh();
    return { status: 'success', message: 'Token revoked.' };
  });
}

/**
 * The old token stops working and a new one with the same settings is shown once. The page is refreshed by the
 * browser once the new token has been copied: refreshing here would unmount the row showing it.
 */
export async function rotateToken(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(tokenIdForm, formData);
  if (!parsed.success) return parsed.state;
  return submitToApi(parsed.values, async () => {
    const issued = await apiRequestAsUser(
      `/admin/tokens/${parsed.data.tokenId}/rotate`,
      issuedProxyTokenSchema,
      {
        method: 'POST',
      },
    );
    return { status: 'success', message: `Rotated ${issued.name}.`, secret: issued.token };
  });
}
