import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { AlertIcon } from '../icons';
import { hintStyle, inputStyle, labelStyle } from './styles';

interface FieldFrame {
  /** The input's name, which is also its id prefix and the key of its server-side error. */
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** Makes ids unique when one page holds several forms with the same field names. */
  formId?: string;
  className?: string;
}

function ids(formId: string | undefined, name: string) {
  const id = formId ? `${formId}-${name}` : name;
  return { id, hintId: `${id}-hint`, errorId: `${id}-error` };
}

function describedBy(hint: ReactNode, error: string | undefined, hintId: string, errorId: string) {
  return [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
}

export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1.5 flex items-start gap-1.5 text-sm text-red-700 dark:text-red-400">
      <AlertIcon className="mt-px size-4 shrink-0" />
      {message}
    </p>
  );
}

export function TextField({
  name,
  label,
  hint,
  error,
  formId,
  className = '',
  ...input
}: FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'id'>) {
  const { id, hintId, errorId } = ids(formId, name);
  return (
    <div className={className}>
      <label htmlFor={id} className={labelStyle}>
        {label}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint, error, hintId, errorId)}
        className={`mt-1.5 ${inputStyle}`}
        {...input}
      />
      {hint ? (
        <p id={hintId} className={hintStyle}>
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId} message={error} />
    </div>
  );
}

export function TextAreaField({
  name,
  label,
  hint,
  error,
  formId,
  className = '',
  ...textarea
}: FieldFrame & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name' | 'id'>) {
  const { id, hintId, errorId } = ids(formId, name);
  return (
    <div className={className}>
      <label htmlFor={id} className={labelStyle}>
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint, error, hintId, errorId)}
        className={`mt-1.5 font-mono ${inputStyle}`}
        {...textarea}
      />
      {hint ? (
        <p id={hintId} className={hintStyle}>
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId} message={error} />
    </div>
  );
}

export function SelectField({
  name,
  label,
  hint,
  error,
  formId,
  className = '',
  options,
  ...select
}: FieldFrame &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name' | 'id'> & {
    options: readonly { value: string; label: string }[];
  }) {
  const { id, hintId, errorId } = ids(formId, name);
  return (
    <div className={className}>
      <label htmlFor={id} className={labelStyle}>
        {label}
      </label>
      <select
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint, error, hintId, errorId)}
        className={`mt-1.5 ${inputStyle}`}
        {...select}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hint ? (
        <p id={hintId} className={hintStyle}>
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId} message={error} />
    </div>
  );
}

export function CheckboxField({
  name,
  label,
  hint,
  error,
  formId,
  className = '',
  ...input
}: FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'id' | 'type'>) {
  const { id, hintId, errorId } = ids(formId, name);
  return (
    <div className={`flex gap-3 ${className}`}>
      <input
        id={id}
        name={name}
        type="checkbox"
        aria-describedby={describedBy(hint, error, hintId, errorId)}
        className="mt-0.5 size-4 shrink-0 rounded border-zinc-300 accent-signal-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-signal-600 dark:border-zinc-600 dark:accent-signal-500"
        {...input}
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
          {label}
        </label>
        {hint ? (
          <p id={hintId} className="mt-0.5 text-xs leading-5 text-zinc-500 dark:text-zinc-400">
            {hint}
          </p>
        ) : null}
        <FieldError id={errorId} message={error} />
      </div>
    </div>
  );
}
