import type { NotificationEvent } from '@switchyard/contracts';

export const EVENT_LABELS: Record<NotificationEvent, { label: string; hint: string }> = {
  'budget.threshold': { label: 'Budget alert threshold', hint: 'Spend reaches the budget’s alert percent.' },
  'budget.exhausted': { label: 'Budget exhausted', hint: 'A budget runs out.' },
  'key.auth_failed': {
    label: 'Key authentication failed',
    hint: 'A provider refuses a key; it is disabled.',
  },
  'key.exhausted': { label: 'Key exhausted', hint: 'A key runs out of quota or credit.' },
  'audit.*': {
    label: 'Every audit event',
    hint: 'For a SIEM: each event as JSON with its seq, prevHash and hash, so the copy can be verified.',
  },
  'audit.checkpoint': {
    label: 'Audit checkpoints',
    hint: 'Each signed checkpoint of the audit chain’s head, at start, hourly and at shutdown.',
  },
};
