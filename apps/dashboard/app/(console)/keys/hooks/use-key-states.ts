'use client';

import { useEffect, useRef, useState } from 'react';
import { z } from 'zod';
import { type KeyState, keyStateSchema } from '@switchyard/contracts';

export const POLL_INTERVAL_MS = 3000;

const answerSchema = z.object({ items: z.array(keyStateSchema), serverTime: z.number() });

export interface LiveKeyStates {
  states: ReadonlyMap<string, KeyState>;
  /** Server clock minus browser clock, so countdowns end when the server says. */
  offsetMs: number;
  updatedAt: number | null;
  error: string | null;
}

/**
 * Polls the dashboard's key-state route for the keys on screen every few seconds, pausing while the tab is
 * hidden. Starts from the state the page was rendered with.
 */
export function useKeyStates(
  keyIds: readonly string[],
  initial: readonly KeyState[],
  renderedAt: number,
): LiveKeyStates {
  const idList = keyIds.join(',');
  const [live, setLive] = useState<LiveKeyStates>(() => ({
    states: new Map(initial.map((state) => [state.keyId, state])),
    offsetMs: 0,
    updatedAt: renderedAt,
    error: null,
  }));
  const [renderedFor, setRenderedFor] = useState(renderedAt);
  const latestRequest = useRef(0);

  // A server refresh (after an action) renders new initial state; adopt it during render, as React advises.
  if (renderedFor !== renderedAt) {
    setRenderedFor(renderedAt);
    setLive((previous) => ({
      ...previous,
      states: new Map(initial.map((state) => [state.keyId, state])),
      updatedAt: renderedAt,
    }));
  }

  useEffect(() => {
    if (!idList) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let controller: AbortController | null = null;

    const poll = async () => {
      if (document.visibilityState === 'hidden') return schedule();
      const requestNumber = ++latestRequest.current;
      controller = new AbortController();
      const sentAt = Date.now();
      try {
        const response = await fetch(`/api/key-state?ids=${idList}`, {
          cache: 'no-store',
          signal: controller.signal,
        });
        if (response.status === 401) {
          window.location.assign('/login?reason=expired');
          return;
        }
        const body: unknown = await response.json().catch(() => null);
        if (!response.ok) {
          const message =
            body && typeof body === 'object' && 'error' in body && typeof body.error === 'string'
              ? body.error
              : `HTTP ${response.status}`;
          throw new Error(message);
        }
        const parsed = answerSchema.parse(body);
        if (stopped || requestNumber !== latestRequest.current) return;
        const receivedAt = Date.now();
        setLive({
          states: new Map(parsed.items.map((state) => [state.keyId, state])),
          offsetMs: parsed.serverTime - (sentAt + receivedAt) / 2,
          updatedAt: receivedAt,
          error: null,
        });
      } catch (error) {
        if (stopped || (error instanceof DOMException && error.name === 'AbortError')) return;
        setLive((previous) => ({
          ...previous,
          error: error instanceof Error ? error.message : 'Live updates failed.',
        }));
      }
      schedule();
    };

    const schedule = () => {
      if (!stopped) timer = setTimeout(poll, POLL_INTERVAL_MS);
    };

    const resumeWhenVisible = () => {
      if (document.visibilityState !== 'visible' || stopped) return;
      if (timer) clearTimeout(timer);
      void poll();
    };

    schedule();
    document.addEventListener('visibilitychange', resumeWhenVisible);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      controller?.abort();
      document.removeEventListener('visibilitychange', resumeWhenVisible);
    };
  }, [idList]);

  return live;
}
