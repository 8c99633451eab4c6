'use client';

import { useActionState, useEffect, useRef } from 'react';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { TextField } from '@/components/ui/fields';
import { FormAlert } from '@/components/ui/form-alert';
import { buttonStyles } from '@/components/ui/styles';
import { SubmitButton } from '@/components/ui/submit-button';
import { IDLE_FORM } from '@/lib/forms';
import { deletePrice, upsertPrice } from '../actions';
import type { Price } from '@switchyard/contracts';

const EDIT_EVENT = 'switchyard:edit-price';

/** The price editor; "Edit" on a table row fills it in. */
export function PriceForm() {
  const [state, formAction, pending] = useActionState(upsertPrice, IDLE_FORM);
  const formRef = useRef<HTMLFormElement>(null);
  const errors = state.fieldErrors ?? {};
  const values = state.status === 'error' ? (state.values ?? {}) : {};

  useEffect(() => {
    const fill = (event: Event) => {
      const price = (event as CustomEvent<Price>).detail;
      const form = formRef.current;
      if (!form) return;
      const set = (name: string, value: string) => {
        const input = form.elements.namedItem(name);
        if (input instanceof HTMLInputElement) input.value = value;
      };
      set('provider', price.provider);
      set('model', price.model);
      set('inputUsdPerMTok', String(price.inputUsdPerMTok));
      set('outputUsdPerMTok', String(price.outputUsdPerMTok));
      set(
        'cachedInputUsdPerMTok',
        price.cachedInputUsdPerMTok === null ? '' : String(price.cachedInputUsdPerMTok),
      );
      form.scrollIntoView({ block: 'nearest' });
      (form.elements.namedItem('inputUsdPerMTok') as HTMLInputElement | null)?.focus();
    };
    window.addEventListener(EDIT_EVENT, fill);
    return () => window.removeEventListener(EDIT_EVENT, fill);
  }, []);

  return (
    <form ref={formRef} action={formAction} className="space-y-4" aria-label="Add or change a price">
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          formId="price"
          name="provider"
          label="Provider"
          placeholder="openai"
          defaultValue={values.provider ?? ''}
          error={errors.provider}
          required
        />
        <TextField
          formId="price"
          name="model"
          label="Model"
          placeholder="gpt-4o-mini"
          defaultValue={values.model ?? ''}
          error={errors.model}
          required
        />
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField
          formId="price"
          name="inputUsdPerMTok"
          label="Input $/M"
          inputMode="decimal"
          defaultValue={values.inputUsdPerMTok ?? ''}
          error={errors.inputUsdPerMTok}
          required
        />
        <TextField
          formId="price"
          name="outputUsdPerMTok"
          label="Output $/M"
          inputMode="decimal"
          defaultValue={values.outputUsdPerMTok ?? ''}
          error={errors.outputUsdPerMTok}
          required
        />
        <TextField
          formId="price"
          name="cachedInputUsdPerMTok"
          label="Cached $/M"
          inputMode="decimal"
          placeholder="—"
          defaultValue={values.cachedInputUsdPerMTok ?? ''}
          error={errors.cachedInputUsdPerMTok}
        />
      </div>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        The model is the provider&apos;s own id. A dated id (gpt-4o-2024-08-06) falls back to the undated
        price.
      </p>
      <FormAlert state={state} pending={pending} />
      <SubmitButton pendingLabel="Saving…">Save price</SubmitButton>
    </form>
  );
}

export function EditPriceLink({ price }: { price: Price }) {
  return (
    <button
      type="button"
      className={buttonStyles.ghost}
      onClick={() => window.dispatchEvent(new CustomEvent(EDIT_EVENT, { detail: price }))}
    >
      Edit
      <span className="sr-only">
        {' '}
        {price.provider}/{price.model}
      </span>
    </button>
  );
}

export function DeletePriceButton({ provider, model }: { provider: string; model: string }) {
  return (
    <ConfirmAction
      action={deletePrice}
      fields={{ provider, model }}
      label={
        <>
          Remove
          <span className="sr-only">
            {' '}
            {provider}/{model}
          </span>
        </>
      }
      title={`Remove the price of ${provider}/${model}?`}
      confirmLabel="Remove price"
    >
      Budgeted requests for this model are then refused, unless unpriced models are allowed.
    </ConfirmAction>
  );
}
