import { ErrorPanel } from '@/components/ui/error-panel';
import { PageHeader } from '@/components/ui/page-header';
import { panelStyle } from '@/components/ui/styles';
import { apiRequestAsUser } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { load } from '@/lib/load';
import { RequestLookupForm } from '../components/request-lookup-form';
import { requestBodySchema, REQUEST_BODY_MAX_BYTES } from '@switchyard/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** JSON shown indented; anything else (a stream of an unknown format) as it was stored. */
function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function BodyPanel({ title, text, truncated }: { title: string; text: string; truncated: boolean }) {
  return (
    <section className={`${panelStyle} p-4`} aria-label={title}>
      <h2 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">{title}</h2>
      {truncated ? (
        <p className="mt-1 text-xs text-amber-700 dark:text-amber-400">
          Cut at {REQUEST_BODY_MAX_BYTES / 1024} KB: the rest was not stored.
        </p>
      ) : null}
      <pre className="mt-3 max-h-[32rem] overflow-auto rounded-lg bg-zinc-50 p-3 text-xs leading-5 whitespace-pre-wrap text-zinc-800 dark:bg-zinc-950 dark:text-zinc-200">
        {pretty(text)}
      </pre>
    </section>
  );
}

/** One request's logged bodies, looked up by its id (`?requestId=` on the Requests tab). */
export async function RequestBodiesView({ requestId }: { requestId: string }) {
  const loaded =
    UUID.test(requestId) &&
    (await load(() => apiRequestAsUser(`/admin/usage/${requestId}/body`, requestBodySchema)));
  return (
    <div className="space-y-6">
      <PageHeader
        title="Request bodies"
        description="The logged request and answer of one /v1 request, redacted. Streamed answers are reassembled."
      />
      <RequestLookupForm requestId={requestId} />
      {requestId === '' ? null : !loaded ? (
        <ErrorPanel
          title="Not a request id"
          message="A request id is the UUID in a response's x-request-id."
        />
      ) : !loaded.ok ? (
        <ErrorPanel title="No bodies to show" message={loaded.error} />
      ) : (
        <>
          <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="request-body-facts">
            {loaded.data.endpoint} · {loaded.data.stream ? 'streamed' : 'not streamed'} ·{' '}
            {formatDateTime(loaded.data.at)}
          </p>
          <BodyPanel title="Request" text={loaded.data.request} truncated={loaded.data.requestTruncated} />
          <BodyPanel title="Answer" text={loaded.data.response} truncated={loaded.data.responseTruncated} />
        </>
      )}
    </div>
  );
}
