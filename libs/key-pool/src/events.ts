import type { ErrorClass } from './error-class.js';

/** Where a cooldown came from. */
export type CooldownSource =
  /** An upstream failure seen by this pool. */
  | 'failure'
  /** A successful answer that said a rate-limit window has nothing left. */
  | 'proactive'
  /** The key's own daily quota, counted by the pool. */
  | 'quota'
  /** Another replica, through the shared state store. */
  | 'remote'
  /** A saved snapshot. */
  | 'restore';

interface EventBase {
  keyId: string;
  provider: string;
  /** Epoch ms. */
  at: number;
}

export interface CooledEvent extends EventBase {
  type: 'cooled';
  /** `null` when the whole key rests. */
  model: string | null;
  until: number;
  reason: ErrorClass;
  source: CooldownSource;
  message?: string;
}

export interface RestoredEvent extends EventBase {
  type: 'restored';
  model: string | null;
}

export interface DisabledEvent extends EventBase {
  type: 'disabled';
  reason: ErrorClass;
  source: 'failure' | 'remote' | 'restore';
  message?: string;
}

export interface ReinstatedEvent extends EventBase {
  type: 'reinstated';
}

/** An admin reset the key: its rests, escalation and breakers are forgotten. */
export interface KeyResetEvent extends EventBase {
  type: 'key_reset';
  /** `remote` when the reset happened on another replica. */
  source: 'admin' | 'remote';
}

export interface LeaseExpiredEvent extends EventBase {
  type: 'lease_expired';
  model: string;
  leaseId: number;
}

export interface StoreErrorEvent {
  type: 'store_error';
  at: number;
  error: unknown;
}

export type PoolEvent =
  | CooledEvent
  | RestoredEvent
  | DisabledEvent
  | ReinstatedEvent
  | KeyResetEvent
  | LeaseExpiredEvent
  | StoreErrorEvent;

export type PoolEventListener = (event: PoolEvent) => void;

/** Delivers events to listeners; a throwing listener neither breaks the pool nor starves the others. */
export class EventHub {
  private listeners: PoolEventListener[] = [];

  get active(): boolean {
    return this.listeners.length > 0;
  }

  subscribe(listener: PoolEventListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((other) => other !== listener);
    };
  }

  emit(event: PoolEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('A key pool event listener threw', error);
      }
    }
  }
}
