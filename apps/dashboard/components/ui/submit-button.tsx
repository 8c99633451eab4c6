'use client';

import type { ReactNode } from 'react';
import { useFormStatus } from 'react-dom';
import { SpinnerIcon } from '../icons';
import { buttonStyles } from './styles';

export function SubmitButton({
  children,
  pendingLabel,
  variant = 'primary',
  className = '',
  name,
  value,
  busy,
}: {
  children: ReactNode;
  pendingLabel?: ReactNode;
  variant?: keyof typeof buttonStyles;
  className?: string;
  name?: string;
  value?: string;
  /** For a form that submits by hand, which the form status cannot see. */
  busy?: boolean;
}) {
  const status = useFormStatus();
  const pending = busy ?? status.pending;
  return (
    <button
      type="submit"
      name={name}
      value={value}
      disabled={pending}
      aria-disabled={pending}
      className={`${buttonStyles[variant]} ${className}`}
    >
      {pending ? (
        <>
          <SpinnerIcon className="size-4 animate-spin" />
          {pendingLabel ?? children}
        </>
      ) : (
        children
      )}
    </button>
  );
}
