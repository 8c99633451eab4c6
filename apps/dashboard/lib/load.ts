import { unstable_rethrow } from 'next/navigation';
import { ApiError } from './api-errors';
import { describeError } from './describe-error';

export type Loaded<T> = { ok: true; data: T } | { ok: false; error: string; status: number | null };

/**
 * Runs a read for a page section and keeps its failure as a message, so one failing call shows an error
 * panel in its place instead of taking the whole page down. Redirects (an expired session) still happen.
 */
export async function load<T>(read: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, data: await read() };
  } catch (error) {
    unstable_rethrow(error);
    return {
      ok: false,
      error: describeError(error),
      status: error instanceof ApiError ? error.status : null,
    };
  }
}
