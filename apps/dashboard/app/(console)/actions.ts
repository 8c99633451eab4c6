'use server';

import { redirect } from 'next/navigation';
import { clearSessionToken } from '@/lib/session';

export async function signOut(): Promise<void> {
  await clearSessionToken();
  redirect('/login');
}
