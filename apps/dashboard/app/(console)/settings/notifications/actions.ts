'use server';

import { refresh } from 'next/cache';
import { submitToApi } from '@/lib/action';
import { anyBodySchema, apiRequestAsUser } from '@/lib/api';
import { parseForm, type FormState } from '@/lib/forms';
import { channelEditForm, channelForm, channelIdForm } from './schemas';
import { notificationChannelSchema, notificationDeliverySchema } from '@switchyard/contracts';

export async function createChannel(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(channelForm, formData);
  if (!parsed.success) return parsed.state;
  const { secret, ...channel } = parsed.data;
  return submitToApi(
    parsed.values,
    async () => {
      const created = await apiRequestAsUser('/admin/notifications', notificationChannelSchema, {
        body: { ...channel, ...(secret ? { secret } : {}) },
      });
      refresh();
      return { status: 'success', message: `Added the ${created.kind} channel ${created.url}.` };
    },
    ['kind', 'url', 'events', 'secret'],
  );
}

export async function updateChannel(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(channelEditForm, formData);
  if (!parsed.success) return parsed.state;
  const { channelId, url, events, secret, removeSecret } = parsed.data;
  return submitToApi(
    parsed.values,
    async () => {
      await apiRequestAsUser(`/admin/notifications/${channelId}`, notificationChannelSchema, {
        method: 'PATCH',
        body: {
          events,
          ...(url ? { url } : {}),
          ...(removeSecret ? { secret: null } : secret ? { secret } : {}),
        },
      });
      refresh();
      return { status: 'success', message: 'Channel saved.' };
    },
    ['url', 'events', 'secret'],
  );
}

export async function deleteChannel(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(channelIdForm, formData);
  if (!parsed.success) return parsed.state;
  return submitToApi(parsed.values, async () => {
    await apiRequestAsUser(`/admin/notifications/${parsed.data.channelId}`, anyBodySchema, {
      method: 'DELETE',
    });
    refresh();
    return { status: 'success', message: 'Channel removed.' };
  });
}

export async function sendTestNotification(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(channelIdForm, formData);
  if (!parsed.success) return parsed.state;
  return submitToApi(parsed.values, async () => {
    const delivery = await apiRequestAsUser(
      `/admin/notifications/${parsed.data.channelId}/test`,
      notificationDeliverySchema,
      { method: 'POST' },
    );
    refresh();
    const attempt = delivery.attempts[0];
    if (delivery.status === 'delivered')
      return {
        status: 'success',
        message: `Delivered: ${attempt?.statusCode ?? ''} in ${attempt?.durationMs ?? 0} ms.`,
      };
    return {
      status: 'error',
      message: `Not delivered (${attempt?.error ?? 'no attempt yet'}); it will be retried.`,
    };
  });
}
