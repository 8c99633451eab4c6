import { TextField } from '@/components/ui/fields';
import { buttonStyles, panelStyle } from '@/components/ui/styles';

/** Opens one request's logged bodies by its `x-request-id`, for the roles that may read them. */
export function RequestLookupForm({ requestId = '' }: { requestId?: string }) {
  return (
    <form
      action="/usage/requests"
      method="get"
      className={`${panelStyle} flex flex-wrap items-end gap-3 p-4`}
    >
      <TextField
        formId="request-lookup"
        name="requestId"
        label="Request id"
        defaultValue={requestId}
        placeholder="x-request-id of a /v1 request"
        hint="Shows the request and answer bodies, when its token or team logs them. Each read is audited."
        className="min-w-80 flex-1"
        required
      />
      <button type="submit" className={buttonStyles.secondary}>
        Show bodies
      </button>
    </form>
  );
}
