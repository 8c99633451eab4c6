'use server';

import { redirect } from 'next/navigation';
import { anyBodySchema, apiRequest } from '@/lib/api';
import { clearSessionToken, readSessionToken } from '@/lib/session';

/** Ends the session at the API, so the token stops working everywhere, then forgets it here. */
export async function signOut(): Promise<void> {
  const token = await readSessionToken();
  if (token) {
    await apiRequest('/admin/auth/logout', anyBodySchema, { method: 'POST', token }).catch(() => {
      // An ended or expired session, or an API that cannot be reached: the cookie goes either way.
    });
  }
  await clearSessionToken();
  redirect('/login');
}
