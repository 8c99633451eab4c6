'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useRef, useState } from 'react';
import { revokeToken, rotateToken } from '@/app/(console)/tokens/actions';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { OneTimeSecret } from '@/components/ui/one-time-secret';
import { buttonStyles } from '@/components/ui/styles';
import type { FormState } from '@/lib/forms';

export function TokenRowActions({ tokenId, name }: { tokenId: string; name: string }) {
  const [rotated, setRotated] = useState<string | null>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const router = useRouter();
  const showRotated = useCallback((state: FormState) => {
    if (!state.secret) return;
    setRotated(state.secret);
    requestAnimationFrame(() => dialogRef.current?.showModal());
  }, []);

  return (
    <div className="flex flex-wrap justify-end gap-1">
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
        The current token stops working within a second and a new one with the same settings is issued. Update
        every client that uses it.
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
      {rotated ? (
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
            <OneTimeSecret label="New proxy token" secret={rotated} what="token" />
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
