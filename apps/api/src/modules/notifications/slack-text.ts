import { formatUsd } from '@switchyard/contracts';

type Payload = Record<string, unknown>;

const str = (value: unknown) => (typeof value === 'string' ? value : String(value ?? ''));
const usd = (value: unknown) => (typeof value === 'number' ? formatUsd(value) : str(value));

function budgetOwner(payload: Payload): string {
  const team = `team *${str(payload.teamName)}*`;
  return payload.tokenId
    ? `Token \`${str(payload.tokenId)}\` of ${team}`
    : team[0]!.toUpperCase() + team.slice(1);
}

/** The one-line message a Slack channel gets for an event's payload. */
export function slackText(payload: Payload): string {
  if (payload.event === 'audit.checkpoint')
    return `:lock: Audit checkpoint: ${str(payload.count)} events up to #${str(payload.seq)}, head \`${str(payload.hash)}\`.`;
  if (str(payload.event).startsWith('audit.'))
    return `:scroll: Audit #${str(payload.seq)}: ${str(payload.action)} by ${str(payload.actorLabel ?? payload.actorType)}.`;
  switch (payload.event) {
    case 'budget.threshold':
      return (
        `:warning: ${budgetOwner(payload)} has spent ${usd(payload.spentUsd)} of its ${usd(payload.limitUsd)} ` +
        `budget (${str(payload.percent)}%) in the period from ${str(payload.periodStart)}.`
      );
    case 'budget.exhausted':
      return (
        `:no_entry: ${budgetOwner(payload)} has exhausted its ${usd(payload.limitUsd)} budget ` +
        `(${usd(payload.spentUsd)} spent, ${str(payload.percent)}%) in the period from ${str(payload.periodStart)}.`
      );
    case 'key.auth_failed':
      return (
        `:closed_lock_with_key: Provider key *${str(payload.keyLabel)}* (${str(payload.provider)}) failed ` +
        `authentication (${str(payload.reason)}) and is disabled until it passes a test.`
      );
    case 'key.exhausted':
      return (
        `:hourglass: Provider key *${str(payload.keyLabel)}* (${str(payload.provider)}` +
        `${payload.model ? `, ${str(payload.model)}` : ''}) is exhausted (${str(payload.reason)}).`
      );
    default:
      return ':white_check_mark: Switchyard test notification: this channel is reachable.';
  }
}
