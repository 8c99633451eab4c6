'use client';

import { useActionState, useEffect, useRef, useState, type FormEvent } from 'react';
import { AlertIcon, EyeIcon, EyeOffIcon, SpinnerIcon } from '@/components/icons';
import {
  INITIAL_LOGIN_FORM_STATE,
  parseLoginForm,
  type LoginField,
  type LoginFieldErrors,
} from '@/lib/login-form';
import { signIn } from './actions';

const inputClassName =
  'block w-full rounded-lg border border-zinc-300 bg-white px-3.5 py-2.5 text-base text-zinc-900 shadow-xs outline-hidden transition placeholder:text-zinc-400 ' +
  'focus:border-signal-600 focus:ring-1 focus:ring-signal-600 ' +
  'aria-invalid:border-red-500 aria-invalid:focus:border-red-500 aria-invalid:focus:ring-red-500 ' +
  'sm:text-sm dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-500 ' +
  'dark:focus:border-signal-500 dark:focus:ring-signal-500 dark:aria-invalid:border-red-400 dark:aria-invalid:focus:border-red-400 dark:aria-invalid:focus:ring-red-400';

export function LoginForm() {
  const [state, formAction, pending] = useActionState(signIn, INITIAL_LOGIN_FORM_STATE);
  // Set by the browser-side check so obvious mistakes show without a round trip; the server repeats the check.
  const [clientErrors, setClientErrors] = useState<LoginFieldErrors | null>(null);
  const [passwordVisible, setPasswordVisible] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  const fieldErrors = clientErrors ?? state.fieldErrors ?? {};

  const focusFirstInvalid = (errors: LoginFieldErrors) => {
    if (errors.email) emailRef.current?.focus();
    else if (errors.password) passwordRef.current?.focus();
  };

  useEffect(() => {
    if (state.fieldErrors) focusFirstInvalid(state.fieldErrors);
    else if (state.formError) alertRef.current?.focus();
  }, [state]);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    const parsed = parseLoginForm(new FormData(event.currentTarget));
    if (parsed.success) {
      setClientErrors(null);
      return;
    }
    event.preventDefault();
    setClientErrors(parsed.fieldErrors);
    focusFirstInvalid(parsed.fieldErrors);
  };

  return (
    <form action={formAction} onSubmit={handleSubmit} noValidate className="mt-8 space-y-5">
      {state.formError && !pending ? (
        <div
          ref={alertRef}
          role="alert"
          tabIndex={-1}
          className="flex gap-3 rounded-lg border border-red-200 bg-red-50 p-3.5 text-sm text-red-800 outline-hidden focus-visible:ring-2 focus-visible:ring-red-500/40 dark:border-red-900/70 dark:bg-red-950/40 dark:text-red-200"
        >
          <AlertIcon className="mt-px size-5 shrink-0 text-red-600 dark:text-red-400" />
          <p>{state.formError}</p>
        </div>
      ) : null}

      <div>
        <label htmlFor="email" className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          Email
        </label>
        <input
          ref={emailRef}
          id="email"
          name="email"
          type="email"
          inputMode="email"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          defaultValue={state.email}
          aria-invalid={fieldErrors.email ? true : undefined}
          aria-describedby={fieldErrors.email ? 'email-error' : undefined}
          className={`mt-2 ${inputClassName}`}
          placeholder="you@example.com"
        />
        <FieldError field="email" errors={fieldErrors} />
      </div>

      <div>
        <label htmlFor="password" className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          Password
        </label>
        <div className="relative mt-2">
          <input
            ref={passwordRef}
            id="password"
            name="password"
            type={passwordVisible ? 'text' : 'password'}
            autoComplete="current-password"
            autoCapitalize="none"
            spellCheck={false}
            required
            aria-invalid={fieldErrors.password ? true : undefined}
            aria-describedby={fieldErrors.password ? 'password-error' : undefined}
            className={`${inputClassName} pr-11`}
          />
          <button
            type="button"
            onClick={() => setPasswordVisible((visible) => !visible)}
            aria-label={passwordVisible ? 'Hide password' : 'Show password'}
            aria-controls="password"
            className="absolute inset-y-1 right-1 flex items-center rounded-md px-2 text-zinc-500 transition hover:text-zinc-800 focus-visible:outline-2 focus-visible:outline-signal-600 dark:text-zinc-400 dark:hover:text-zinc-100 dark:focus-visible:outline-signal-500"
          >
            {passwordVisible ? <EyeOffIcon className="size-5" /> : <EyeIcon className="size-5" />}
          </button>
        </div>
        <FieldError field="password" errors={fieldErrors} />
      </div>

      <button
        type="submit"
        disabled={pending}
        className="flex w-full items-center justify-center gap-2 rounded-lg bg-signal-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm transition hover:bg-signal-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-signal-600 disabled:cursor-wait disabled:opacity-75 dark:bg-signal-500 dark:text-zinc-950 dark:hover:bg-signal-400 dark:focus-visible:outline-signal-400"
      >
        {pending ? (
          <>
            <SpinnerIcon className="size-4 animate-spin" />
            Signing in…
          </>
        ) : (
          'Sign in'
        )}
      </button>
    </form>
  );
}

function FieldError({ field, errors }: { field: LoginField; errors: LoginFieldErrors }) {
  const message = errors[field];
  if (!message) return null;
  return (
    <p id={`${field}-error`} className="mt-2 flex items-start gap-1.5 text-sm text-red-700 dark:text-red-400">
      <AlertIcon className="mt-px size-4 shrink-0" />
      {message}
    </p>
  );
}
