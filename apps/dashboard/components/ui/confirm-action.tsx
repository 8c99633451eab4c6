'use client';

import { useActionState, useEffect, useId, useRef, type ReactNode } from 'react';
import { IDLE_FORM, type FormState } from '@/lib/forms';
import { FormAlert } from './form-alert';
import { buttonStyles } from './styles';
import { SubmitButton } from './submit-button';

type FormAction = (previous: FormState, formData: FormData) => Promise<FormState>;

/**
 * A button that asks before doing something that cannot be undone. The question is a native modal dialog, so
 * focus stays inside it and Escape cancels.
 */
export function ConfirmAction({
  action,
  fields,
  label,
  title,
  children,
  confirmLabel,
  variant = 'dangerGhost',
  confirmVariant = 'danger',
  onSuccess,
}: {
  action: FormAction;
  fields: Record<string, string>;
  label: ReactNode;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  variant?: 'dangerGhost' | 'ghost' | 'small' | 'secondary' | 'danger';
  confirmVariant?: 'danger' | 'primary';
  onSuccess?: (state: FormState) => void;
}) {
  const [state, formAction] = useActionState(action, IDLE_FORM);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const handled = useRef<FormState>(IDLE_FORM);

  useEffect(() => {
    if (state === handled.current) return;
    handled.current = state;
    if (state.status === 'success') {
      dialogRef.current?.close();
      onSuccess?.(state);
    }
  }, [state, onSuccess]);

  return (
    <>
      <button type="button" className={buttonStyles[variant]} onClick={() => dialogRef.current?.showModal()}>
        {label}
      </button>
      <dialog
        ref={dialogRef}
        aria-labelledby={headingId}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-zinc-950/50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <form action={formAction} className="space-y-4 p-5">
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <h2 id={headingId} className="text-base font-semibold">
            {title}
          </h2>
          <div className="text-sm leading-6 text-zinc-600 dark:text-zinc-400">{children}</div>
          {state.status === 'error' ? <FormAlert state={state} /> : null}
          <div className="flex justify-end gap-2">
            <button
              type="button"
              className={buttonStyles.secondary}
              onClick={() => dialogRef.current?.close()}
            >
              Cancel
            </button>
            <SubmitButton variant={confirmVariant}>{confirmLabel}</SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}
