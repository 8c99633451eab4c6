'use client';

import { useEffect, useState } from 'react';
import { CheckIcon, CopyIcon } from '../icons';
import { buttonStyles } from './styles';

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 2500);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      // Clipboard access needs a secure context or permission; the value stays selectable by hand.
      setCopied('failed');
    }
  };

  return (
    <button type="button" onClick={copy} className={buttonStyles.secondary}>
      {copied === 'yes' ? <CheckIcon className="size-4 text-emerald-600" /> : <CopyIcon className="size-4" />}
      <span aria-live="polite">
        {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Select and copy by hand' : label}
      </span>
    </button>
  );
}
