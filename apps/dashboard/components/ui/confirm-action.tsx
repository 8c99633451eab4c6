'use client';

import type { ReactNode } from 'react';
import type { FormState } from '@/lib/forms';
import { DialogForm } from './dialog-form';

type FormAction = (previous: FormState, formData: FormData) => Promise<FormState>;

/** A button that asks before doing something that cannot be undone. */
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
  return (
    <DialogForm
      action={action}
      fields={fields}
      label={label}
      title={title}
      submitLabel={confirmLabel}
      variant={variant}
      submitVariant={confirmVariant}
      onSuccess={onSuccess}
    >
      {() => <div className="text-sm leading-6 text-zinc-600 dark:text-zinc-400">{children}</div>}
    </DialogForm>
  );
}
