import { FieldError } from '@/components/ui/fields';
import { NOTIFICATION_EVENTS, type NotificationEvent } from '@switchyard/contracts';
import { EVENT_LABELS } from '../event-labels';

/** One checkbox per event, all named `events`; a group with one error line. */
export function EventCheckboxes({
  formId,
  checked,
  error,
}: {
  formId: string;
  checked: readonly NotificationEvent[];
  error?: string;
}) {
  return (
    <fieldset aria-describedby={error ? `${formId}-events-error` : undefined}>
      <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Events</legend>
      <div className="mt-2 space-y-2">
        {NOTIFICATION_EVENTS.map((event) => (
          <label key={event} className="flex items-start gap-2.5 text-sm">
            <input
              type="checkbox"
              name="events"
              value={event}
              defaultChecked={checked.includes(event)}
              className="mt-0.5 size-4 shrink-0 rounded border-zinc-300 accent-signal-600 dark:border-zinc-600"
            />
            <span>
              <span className="font-medium text-zinc-800 dark:text-zinc-200">
                {EVENT_LABELS[event].label}
              </span>
              <span className="block text-xs text-zinc-500 dark:text-zinc-400">
                <code>{event}</code> · {EVENT_LABELS[event].hint}
              </span>
            </span>
          </label>
        ))}
      </div>
      <FieldError id={`${formId}-events-error`} message={error} />
    </fieldset>
  );
}
