'use server';

import { refresh } from 'next/cache';
import { submitToApi } from '@/lib/action';
import { apiRequestAsUser } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { parseForm, type FormState } from '@/lib/forms';
import { createTokenForm, editTokenForm, rotateTokenForm, tokenIdForm } from './schemas';
import { issuedProxyTokenSchema, proxyTokenSchema, rotatedProxyTokenSchema } from '@switchyard/contracts';

export async function createToken(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(createTokenForm, formData);
  if (!parsed.success) return parsed.state;
  const { teamId, allowedModels, budgetPeriod, ...rest } = parsed.data;
  return submitToApi(
    parsed.values,
    async () => {
      const issued = await apiRequestAsUser(`/admin/teams/${teamId}/tokens`, issuedProxyTokenSchema, {
        body: {
          ...rest,
          ...(allowedModels.length ? { allowedModels } : {}),
          ...(rest.budgetUsd !== undefined ? { budgetPeriod } : {}),
        },
      });
      refresh();
      return {
        status: 'success',
        message: `Issued ${issued.name}.`,
        secret: issued.token,
        values: { teamId },
      };
    },
    ['teamId', 'name', 'allowedModels', 'rpm', 'tpm', 'budgetUsd', 'budgetPeriod', 'expiresAt'],
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
 * A new token with the same settings is shown once; the old one stops now or at the end of the overlap chosen.
 * The page is refreshed by the browser once the new token has been copied: refreshing here would unmount the row
 * showing it.
 */
export async function rotateToken(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(rotateTokenForm, formData);
  if (!parsed.success) return parsed.state;
  return submitToApi(parsed.values, async () => {
    const issued = await apiRequestAsUser(
      `/admin/tokens/${parsed.data.tokenId}/rotate`,
      rotatedProxyTokenSchema,
      { method: 'POST', body: { graceSeconds: parsed.data.graceSeconds } },
    );
    const overlap = issued.graceUntil
      ? ` The old token keeps working until ${formatDateTime(issued.graceUntil)}.`
      : ' The old token no longer works.';
    return { status: 'success', message: `Rotated ${issued.name}.${overlap}`, secret: issued.token };
  });
}

/** Changes the token in place: its value stays, so no client has to be updated. */
export async function editToken(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(editTokenForm, formData);
  if (!parsed.success) return parsed.state;
  const { tokenId, allowedModels, ...fields } = parsed.data;
  return submitToApi(
    parsed.values,
    async () => {
      const token = await apiRequestAsUser(`/admin/tokens/${tokenId}`, proxyTokenSchema, {
        method: 'PATCH',
        body: {
          name: fields.name,
          allowedModels,
          rpm: fields.rpm ?? null,
          tpm: fields.tpm ?? null,
          budgetUsd: fields.budgetUsd ?? null,
          budgetPeriod: fields.budgetUsd !== undefined ? fields.budgetPeriod : null,
          expiresAt: fields.expiresAt ?? null,
          logBodies: fields.logBodies,
        },
      });
      refresh();
      return { status: 'success', message: `Saved ${token.name}.`, values: parsed.values };
    },
    ['name', 'allowedModels', 'rpm', 'tpm', 'budgetUsd', 'budgetPeriod', 'expiresAt'],
  );
}
