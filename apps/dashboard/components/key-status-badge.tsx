import { STATUS_LABELS, type EffectiveStatus } from '@/lib/key-health';
import { Badge, type BadgeTone } from './ui/badge';

const TONE: Record<EffectiveStatus, BadgeTone> = {
  ready: 'green',
  cooling: 'amber',
  partly_cooling: 'amber',
  exhausted: 'violet',
  disabled: 'zinc',
  auth_failed: 'red',
  unknown: 'zinc',
};

export function KeyStatusBadge({ status, detail }: { status: EffectiveStatus; detail?: string }) {
  return (
    <Badge tone={TONE[status]} dot title={detail}>
      <span data-testid="key-status">{STATUS_LABELS[status]}</span>
      {detail ? <span className="font-normal opacity-80">· {detail}</span> : null}
    </Badge>
  );
}
