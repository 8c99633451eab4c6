import { z } from 'zod';
import { COMMON_PASSWORDS_TEXT } from './common-passwords.js';

export const MIN_PASSWORD_LENGTH = 12;

const COMMON_PASSWORDS = new Set(COMMON_PASSWORDS_TEXT.split('\n'));

/** Why a password may not be set, or undefined when it may. The length is checked by the schema first. */
export function passwordWeakness(password: string): string | undefined {
  if (new Set(password).size === 1) return 'must not be one character repeated';
  if (COMMON_PASSWORDS.has(password.toLowerCase()))
    return 'is one of the most common passwords; choose another';
  return undefined;
}

/** A new password: long enough, not trivial, not on the shipped list of common passwords. */
export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1024, 'must be at most 1024 characters')
  .superRefine((password, ctx) => {
    const weakness = passwordWeakness(password);
    if (weakness) ctx.addIssue({ code: 'custom', message: weakness });
  });
