'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { revokeToken, rotateToken } from '@/app/(console)/tokens/actions';
import { ROTATION_GRACE } from '@/app/(console)/tokens/schemas';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { SelectField } from '@/components/ui/fields';
import { OneTimeSecret } from '@/components/ui/one-time-secret';
import { buttonStyles } from '@/components/ui/styles';
import type { FormState } from '@/lib/forms';
import type { ProxyToken } from '@switchyard/contracts';
import { EditTokenAction } from './edit-token-action';

export function TokenRowActions({ token }: { token: ProxyToken }) {
  const [rotated, setRotated] = useState<FormState | null>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const router = useRouter();
  const showRotated = useCallback((state: FormState) => {
    if (state.secret) setRotated(state);
  }, []);
  // Opened once React has put the dialog in the page.
  useEffect(() => {
    if (rotated?.secret && !dialogRef.current?.open) dialogRef.current?.showModal();
  }, [rotated]);
  const { id: tokenId, name } = token;

  return (
    <div className="flex flex-wrap justify-end gap-1">
      <EditTokenAction token={token} />
      <ConfirmAction
        action={rotateToken}
        fields={{ tokenId }}
        label="Rotate"
        variant="ghost"
        confirmVariant="primary"
        title={`Rotate ${name}?`}
        confirmLabel="Rotate token"
        onSuccess={showRotated}
      >
        <p>
          A new token with the same settings is issued. Update every client that uses this one; an overlap
          keeps the old token working meanwhile.
        </p>
        <SelectField
          formId={`rotate-${tokenId}`}
          name="graceSeconds"
          label="Overlap"
          className="mt-3"
          options={ROTATION_GRACE}
          defaultValue="0"
        />
      </ConfirmAction>
      <ConfirmAction
        action={revokeToken}
        fields={{ tokenId }}
        label="Revoke"
        title={`Revoke ${name}?`}
        confirmLabel="Revoke token"
      >
        Requests with this token are refused within a second, on every replica. This cannot be undone.
      </ConfirmAction>
      {rotated?.secret ? (
        <dialog
          ref={dialogRef}
          onClose={() => {
            setRotated(null);
            router.refresh();
          }}
          aria-label="New token"
          className="m-auto w-[min(36rem,calc(100vw-2rem))] rounded-xl border border-zinc-200 bg-white p-5 text-zinc-900 shadow-xl backdrop:bg-zinc-950/50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
        >
          <div className="space-y-4">
            <h2 className="text-base font-semibold">New token for {name}</h2>
            <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="rotation-message">
              {rotated.message}
            </p>
            <OneTimeSecret label="New proxy token" secret={rotated.secret} what="token" />
            <div className="flex justify-end">
              <button
                type="button"
                className={buttonStyles.secondary}
                onClick={() => dialogRef.current?.close()}
              >
                Done
              </button>
            </div>
          </div>
        </dialog>
      ) : null}
    </div>
  );
}
