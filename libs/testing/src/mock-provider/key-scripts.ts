import type { MockFailure, MockFault, RecordedRequest } from './mock-types.js';
import { seededRandom } from './seeded-random.js';

/** Every key not scripted on its own follows the script registered under this name. */
export const ANY_KEY = '*';

interface KeyState {
  fault: MockFault;
  failuresDelivered: number;
  random: () => number;
}

/** What to do with one request, once its key's script has been consulted. */
export interface RequestPlan {
  failure: MockFailure | undefined;
  latencyMs: number;
  chunkDelayMs: number;
  fault: MockFault;
}

const NO_FAULT: MockFault = {};

/** Per-key fault scripts and request records. */
export class KeyScripts {
  private readonly states = new Map<string, KeyState>();
  private readonly counts = new Map<string, number>();
  private readonly lastRequests = new Map<string, RecordedRequest>();

  script(apiKey: string, fault: MockFault): void {
    this.states.set(apiKey, { fault, failuresDelivered: 0, random: seededRandom(fault.seed ?? 1) });
  }

  reset(): void {
    this.states.clear();
    this.counts.clear();
    this.lastRequests.clear();
  }

  record(apiKey: string, request: RecordedRequest): void {
    this.counts.set(apiKey, (this.counts.get(apiKey) ?? 0) + 1);
    this.lastRequests.set(apiKey, request);
  }

  requests(apiKey: string): number {
    return this.counts.get(apiKey) ?? 0;
  }

  lastRequest(apiKey: string): RecordedRequest | undefined {
    return this.lastRequests.get(apiKey);
  }

  plan(apiKey: string): RequestPlan {
    const state = this.states.get(apiKey) ?? this.states.get(ANY_KEY);
    const fault = state?.fault ?? NO_FAULT;
    return {
      failure: state && this.shouldFail(state) ? state.fault.failure : undefined,
      latencyMs: fault.latencyMs ?? 0,
      chunkDelayMs: fault.chunkDelayMs ?? 0,
      fault,
    };
  }

  private shouldFail(state: KeyState): boolean {
    const { fault } = state;
    if (!fault.failure) return false;
    if (fault.failTimes !== undefined) {
      if (state.failuresDelivered >= fault.failTimes) return false;
      state.failuresDelivered++;
      return true;
    }
    if (fault.failProbability !== undefined) return state.random() < fault.failProbability;
    return true;
  }
}
