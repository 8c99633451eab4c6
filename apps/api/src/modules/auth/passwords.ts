import { hash, verify } from '@node-rs/argon2';

// Used when the email is unknown, so a miss costs the same time as a wrong password.
const UNKNOWN_USER_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$JgLj0+rC+MQ1icB8w9jMaw$oRUEUwHofSwRgdW+fliLkrdF6swIdFFLisUcx1G04JM';

/** argon2id with the library's defaults (19 MiB, t=2), OWASP's recommended minimum. */
export const hashPassword = (password: string) => hash(password);

export async function passwordMatches(passwordHash: string | undefined, password: string): Promise<boolean> {
  try {
    const matches = await verify(passwordHash ?? UNKNOWN_USER_HASH, password);
    return passwordHash !== undefined && matches;
  } catch {
    return false;
  }
}
