'use client';

import { useActionState, useEffect, useId, useRef, type ReactNode } from 'react';
import { IDLE_FORM, type FormState } from '@/lib/forms';
import { FormAlert } from './form-alert';
import { buttonStyles } from './styles';
import { SubmitButton } from './submit-button';

type FormAction = (previous: FormState, formData: FormData) => Promise<FormState>;

/**
 * A button that opens a small form in a native modal dialog (focus stays inside, Escape cancels). The body is
 * given the form's state, so each field can show its own error; the dialog closes when the action succeeds.
 */
export function DialogForm({
  action,
  fields,
  label,
  title,
  submitLabel,
  variant = 'ghost',
  submitVariant = 'primary',
  onSuccess,
  children,
}: {
  action: FormAction;
  fields: Record<string, string>;
  label: ReactNode;
  title: string;
  submitLabel: string;
  variant?: keyof typeof buttonStyles;
  submitVariant?: keyof typeof buttonStyles;
  onSuccess?: (state: FormState) => void;
  children: (state: FormState) => ReactNode;
}) {
  const [state, formAction] = useActionState(action, IDLE_FORM);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const headingId = useId();
  const handled = useRef<FormState>(IDLE_FORM);

  useEffect(() => {
    if (state === handled.current) return;
    handled.current = state;
    if (state.status === 'success') {
      formRef.current?.reset();
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
        <form ref={formRef} action={formAction} className="space-y-4 p-5">
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <h2 id={headingId} className="text-base font-semibold">
            {title}
          </h2>
          {children(state)}
          {state.status === 'error' ? <FormAlert state={state} /> : null}
          <div className="flex justify-end gap-2">
            <button
              type="button"
              className={buttonStyles.secondary}
              onClick={() => dialogRef.current?.close()}
            >
              Cancel
            </button>
            <SubmitButton variant={submitVariant}>{submitLabel}</SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}
