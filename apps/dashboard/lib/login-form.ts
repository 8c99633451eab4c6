import { z } from 'zod';

export const loginFormSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address.')
    .max(254, 'Email addresses are at most 254 characters.')
    .pipe(z.email('Enter a valid email address, like name@example.com.')),
  // Never trimmed: leading and trailing spaces are part of a password.
  password: z.string().min(1, 'Enter your password.').max(1024, 'Passwords are at most 1024 characters.'),
});

export type LoginCredentials = z.infer<typeof loginFormSchema>;
export type LoginField = keyof LoginCredentials;
export type LoginFieldErrors = Partial<Record<LoginField, string>>;

export type LoginFormParseResult =
  { success: true; credentials: LoginCredentials } | { success: false; fieldErrors: LoginFieldErrors };

/** Shared by the browser (instant feedback) and the server action (the check that counts). */
export function parseLoginForm(formData: Pick<FormData, 'get'>): LoginFormParseResult {
  const text = (field: LoginField) => {
    const value = formData.get(field);
    return typeof value === 'string' ? value : '';
  };
  const result = loginFormSchema.safeParse({ email: text('email'), password: text('password') });
  if (result.success) return { success: true, credentials: result.data };

  const fieldErrors: LoginFieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0];
    if ((field === 'email' || field === 'password') && !fieldErrors[field])
      fieldErrors[field] = issue.message;
  }
  return { success: false, fieldErrors };
}

export interface LoginFormState {
  /** Echoed back so a failed attempt does not make the user retype it; the password never is. */
  email: string;
  fieldErrors?: LoginFieldErrors;
  formError?: string;
}

export const INITIAL_LOGIN_FORM_STATE: LoginFormState = { email: '' };
