'use client';

import { useActionState, useEffect, useRef, useState } from 'react';
import { EyeIcon, EyeOffIcon } from '@/components/icons';
import { CheckboxField, FieldError, SelectField, TextAreaField, TextField } from '@/components/ui/fields';
import { FormAlert } from '@/components/ui/form-alert';
import { hintStyle, inputStyle, labelStyle } from '@/components/ui/styles';
import { SubmitButton } from '@/components/ui/submit-button';
import { IDLE_FORM } from '@/lib/forms';
import { createKey } from '../actions';
import type { Provider } from '@switchyard/contracts';

const TIERS = [
  { value: 'primary', label: 'Primary: used first' },
  { value: 'daily', label: 'Daily: free daily quotas' },
  { value: 'fallback', label: 'Fallback: only when others rest' },
];

export function AddKeyForm({ providers }: { providers: Provider[] }) {
  const [state, formAction, pending] = useActionState(createKey, IDLE_FORM);
  // Held here rather than echoed by the server: the secret never travels back to the browser.
  const [secret, setSecret] = useState('');
  const [secretVisible, setSecretVisible] = useState(false);
  const handled = useRef(state);
  const errors = state.fieldErrors ?? {};
  const values = state.values ?? {};

  useEffect(() => {
    if (state === handled.current) return;
    handled.current = state;
    if (state.status === 'success') setSecret('');
  }, [state]);

  const providerOptions = providers.map((provider) => ({
    value: provider.name,
    label: `${provider.name} (${provider.type}${provider.builtIn ? '' : ', custom'})`,
  }));

  return (
    <form action={formAction} className="space-y-4" aria-label="Add a provider key">
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          formId="add-key"
          name="provider"
          label="Provider"
          options={[{ value: '', label: 'Choose a provider…' }, ...providerOptions]}
          defaultValue={values.provider ?? ''}
          error={errors.provider}
          required
        />
        <SelectField
          formId="add-key"
          name="tier"
          label="Tier"
          options={TIERS}
          defaultValue={values.tier ?? 'primary'}
          error={errors.tier}
        />
      </div>

      <div>
        <label htmlFor="add-key-secret" className={labelStyle}>
          API key
        </label>
        <div className="relative mt-1.5">
          <input
            id="add-key-secret"
            name="secret"
            type={secretVisible ? 'text' : 'password'}
            autoComplete="off"
            spellCheck={false}
            required
            value={secret}
            onChange={(event) => setSecret(event.target.value)}
            aria-invalid={errors.secret ? true : undefined}
            aria-describedby={`add-key-secret-hint${errors.secret ? ' add-key-secret-error' : ''}`}
            className={`${inputStyle} pr-11 font-mono`}
            placeholder="sk-…"
          />
          <button
            type="button"
            onClick={() => setSecretVisible((visible) => !visible)}
            aria-label={secretVisible ? 'Hide key' : 'Show key'}
            aria-controls="add-key-secret"
            className="absolute inset-y-1 right-1 flex items-center rounded-md px-2 text-zinc-500 hover:text-zinc-800 focus-visible:outline-2 focus-visible:outline-signal-600 dark:text-zinc-400 dark:hover:text-zinc-100"
          >
            {secretVisible ? <EyeOffIcon className="size-5" /> : <EyeIcon className="size-5" />}
          </button>
        </div>
        <p id="add-key-secret-hint" className={hintStyle}>
          Stored encrypted; no page or API answer ever shows it again, only its last four characters.
        </p>
        <FieldError id="add-key-secret-error" message={errors.secret} />
      </div>

      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          formId="add-key"
          name="label"
          label="Label"
          placeholder="e.g. Research org key"
          defaultValue={values.label ?? ''}
          error={errors.label}
          maxLength={100}
          hint="Defaults to the provider and last four characters."
        />
        <TextField
          formId="add-key"
          name="weight"
          label="Weight"
          type="number"
          min={1}
          max={1000}
          placeholder="1"
          defaultValue={values.weight ?? ''}
          error={errors.weight}
          hint="Share of traffic among keys of the same tier."
        />
      </div>

      <TextAreaField
        formId="add-key"
        name="models"
        label="Models (optional)"
        rows={2}
        placeholder={'gpt-4o-mini\ngpt-4o'}
        defaultValue={values.models ?? ''}
        error={errors.models}
        hint="One per line or comma-separated. Leave empty to use the key for any model of the provider."
      />

      <CheckboxField
        formId="add-key"
        name="validate"
        label="Test before saving"
        hint="Makes one cheap call to the provider; the key is saved only if the provider accepts it."
        defaultChecked={state.status === 'idle' ? true : values.validate === 'on'}
        key={state.status === 'idle' ? 'initial' : values.validate}
      />

      <FormAlert state={state} pending={pending} />
      <SubmitButton pendingLabel="Saving…">Save key</SubmitButton>
    </form>
  );
}
