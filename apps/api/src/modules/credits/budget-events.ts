import { Inject, Injectable } from '@nestjs/common';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';

export type BudgetEventKind = 'budget.threshold' | 'budget.exhausted';

/**
 * A budget crossed its alert threshold (`alertAtPercent`) or was exhausted (its spend reached its limit, or a
 * request was refused for want of credit). Raised once per crossing per period, on whichever replica saw it first.
 */
export interface BudgetEvent {
  kind: BudgetEventKind;
  at: Date;
  teamId: string;
  /** Set when the budget is a token's. */
  tokenId: string | null;
  /** Settled spend as a share of the limit, in whole percent (rounded down). */
  percent: number;
  spentMicros: bigint;
  limitMicros: bigint;
  periodStart: Date;
}

export type BudgetEventListener = (event: BudgetEvent) => void | Promise<void>;

/**
 * The in-process feed of budget events, for whatever tells people (notification channels). A listener's failure is
 * logged and never reaches the credit path.
 */
@Injectable()
export class BudgetEvents {
  private readonly listeners = new Set<BudgetEventListener>();

  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  subscribe(listener: BudgetEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: BudgetEvent): void {
    for (const listener of this.listeners) {
      Promise.resolve()
        .then(() => listener(event))
        .catch((error: unknown) =>
          this.logger.warn({ err: error, event: event.kind }, 'a budget event listener failed'),
        );
    }
  }
}
