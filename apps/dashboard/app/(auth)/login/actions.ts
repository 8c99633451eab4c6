'use server';

import { redirect } from 'next/navigation';
import { apiRequest } from '@/lib/api';
import { clientHeaders } from '@/lib/client-headers';
import { apiBaseUrl } from '@/lib/config';
import { sessionSchema } from '@switchyard/contracts';
import { describeLoginFailure } from '@/lib/login';
import { parseLoginForm, type LoginFormState } from '@/lib/login-form';
import { writeSessionToken } from '@/lib/session';

export async function signIn(_previous: LoginFormState, formData: FormData): Promise<LoginFormState> {
  const rawEmail = formData.get('email');
  const email = typeof rawEmail === 'string' ? rawEmail.trim() : '';

  const parsed = parseLoginForm(formData);
  if (!parsed.success) return { email, fieldErrors: parsed.fieldErrors };

  const baseUrl = apiBaseUrl();
  let accessToken: string;
  try {
    ({ accessToken } = await apiRequest('/admin/auth/login', sessionSchema, {
      method: 'POST',
      body: parsed.credentials,
      baseUrl,
      headers: await clientHeaders(),
    }));
  } catch (error) {
    return { email, formError: describeLoginFailure(error, baseUrl) };
  }

  await writeSessionToken(accessToken);
  redirect('/');
}
