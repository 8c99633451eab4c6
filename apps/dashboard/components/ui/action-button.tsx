'use client';

import { useActionState } from 'react';
import { IDLE_FORM, type FormState } from '@/lib/forms';
import { SubmitButton } from './submit-button';
import type { buttonStyles } from './styles';

type FormAction = (previous: FormState, formData: FormData) => Promise<FormState>;

/** A one-click server action (test, enable, disable) with its outcome shown next to the button. */
export function ActionButton({
  action,
  fields,
  label,
  pendingLabel,
  variant = 'small',
  showSuccess = true,
}: {
  action: FormAction;
  fields: Record<string, string>;
  label: string;
  pendingLabel?: string;
  variant?: keyof typeof buttonStyles;
  showSuccess?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, IDLE_FORM);
  const visible = !pending && state.message && (state.status === 'error' || showSuccess);
  return (
    <form action={formAction} className="inline-flex flex-col items-start gap-1">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <SubmitButton variant={variant} pendingLabel={pendingLabel}>
        {label}
      </SubmitButton>
      {visible ? (
        <span
          role={state.status === 'error' ? 'alert' : 'status'}
          className={`max-w-64 text-xs leading-5 ${state.status === 'error' ? 'text-red-700 dark:text-red-400' : 'text-emerald-700 dark:text-emerald-400'}`}
        >
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
