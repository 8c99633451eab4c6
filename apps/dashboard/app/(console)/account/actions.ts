'use server';

import { refresh } from 'next/cache';
import { submitToApi } from '@/lib/action';
import { apiRequestAsUser } from '@/lib/api';
import { parseForm, type FormState } from '@/lib/forms';
import { passwordChangeSchema, sessionEndedSchema } from '@switchyard/contracts';
import { ownPasswordForm, sessionIdForm } from './schemas';

export async function changeOwnPassword(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(ownPasswordForm, formData);
  if (!parsed.success) return parsed.state;
  const { currentPassword, newPassword } = parsed.data;
  return submitToApi(
    parsed.values,
    async () => {
      const changed = await apiRequestAsUser('/admin/auth/password', passwordChangeSchema, {
        body: { currentPassword, newPassword },
      });
      refresh();
      return {
        status: 'success',
        message:
          changed.endedSessions > 0
            ? `Password changed; your ${changed.endedSessions} other session(s) ended.`
            : 'Password changed.',
      };
    },
    ['currentPassword', 'newPassword'],
  );
}

export async function endSession(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(sessionIdForm, formData);
  if (!parsed.success) return parsed.state;
  return submitToApi(parsed.values, async () => {
    await apiRequestAsUser(`/admin/auth/sessions/${parsed.data.id}`, sessionEndedSchema, {
      method: 'DELETE',
    });
    refresh();
    return { status: 'success', message: 'Session ended.' };
  });
}
