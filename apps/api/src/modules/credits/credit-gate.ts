import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { ConfigChangeFeed } from '../settings/config-change-feed.js';
import { BudgetAlerts } from './budget-alerts.js';
import { BudgetCache } from './budget-cache.js';
import { periodWindow } from './budget-period.js';
import { type TeamBudget } from './budgets.repository.js';
import { CreditClock } from './credit-clock.js';
import {
  type ChunkPolicy,
  CreditPeriodsRepository,
  type SpilledCreditBatch,
} from './credit-periods.repository.js';
import { type CreditReservation, HeldReservation, unlimitedReservation } from './credit-reservation.js';
import { CreditSpill } from './credit-spill.js';
import { CreditsErrorCode, CreditsException } from './credits.exception.js';
import { microsToUsd } from './money.js';
import { type FlushBatch, PeriodAccount, type Waiter } from './period-account.js';

export const CREDIT_TUNING = {
  chunk: { maxChunkMicros: 2_000_000n, remainingDivisor: 4n } satisfies ChunkPolicy,
  flushIntervalMs: 1_000,
  /** Settlements reach `spent` at every flush, but the ledger gets one settlement row per minute at most. */
  ledgerIntervalMs: 60_000,
  /** An account unused this long gives its unused credit back and is dropped. */
  idleRetireMs: 10_000,
  /** After a refused lease, further requests needing more than was left are refused from memory this long. */
  refusalMemoryMs: 1_000,
  /** A flush waiting on the database this long when the next interval starts is written to disk instead. */
  stuckFlushMs: 500,
  pruneIntervalMs: 60 * 60_000,
  heartbeatIntervalMs: 30_000,
  staleLeaseMs: 10 * 60_000,
  reclaimIntervalMs: 60_000,
};

const usd = (micros: bigint) => `$${microsToUsd(micros)}`;

/** One account's flush: the amounts, the record the file would keep, and whether it writes the ledger. */
interface PreparedBatch {
  batch: FlushBatch;
  record: SpilledCreditBatch;
  ledgerDue: boolean;
  /** Spend flushed earlier and not yet in the ledger, which this batch writes there. */
  carried: bigint;
}

/**
 * Credit enforcement for the gateway: reserve before an upstream call, settle after it.
 *
 *   const reservation = await creditGate.reserve(teamId, maxCostMicros); // throws CreditsException (402)
 *   try { ...call upstream...; reservation.settle(actualCostMicros); }
 *   finally { reservation.release(); }  // no-op after settle; returns the credit if the call never happened
 *
 * No database write happens per request. A replica leases a chunk of a team's remaining credit from Postgres
 * (one conditional UPDATE that cannot pass the limit), serves reservations from it in memory, and flushes what
 * was settled and what it gives back every second and at shutdown. Because a request can never be charged more
 * than it reserved, and reserved credit was leased under the limit, settled spend never exceeds the limit, on
 * any number of replicas. Teams without a budget skip all of it.
 *
 * Leases are recorded per replica (`credit_leases`) and kept alive by a heartbeat; the leases of a replica that
 * died are reclaimed by the others after 10 minutes. A flush the database does not take (it fails, or is still
 * waiting half a second into the next interval) goes to the write-ahead file (`CreditSpill`) under its batch id,
 * and is applied once when replayed, at start or when the database answers; so a replica killed outright loses
 * at most about the last second of settled spend (undercharged, never overcharged), and one stopped gracefully
 * loses none, and gives its unused credit back at its next start even when the database was down.
 */
@Injectable()
export class CreditGate implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly replicaId = randomUUID();
  private readonly accounts = new Map<string, PeriodAccount>();
  private readonly retired = new Set<PeriodAccount>();
  private readonly opening = new Map<string, Promise<PeriodAccount>>();
  private readonly timers: NodeJS.Timeout[] = [];
  private flushing: Promise<void> = Promise.resolve();
  /** When the flush in progress started; undefined between flushes. */
  private flushBusySince: number | undefined;
  /** The account flush waiting on the database, and whether it was also written to the file. */
  private inFlight: { record: SpilledCreditBatch; spilled: boolean } | undefined;
  /** The database failed the last flush: until a replay succeeds, flushes go to the write-ahead file. */
  private databaseDown = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly budgets: BudgetCache,
    private readonly periods: CreditPeriodsRepository,
    private readonly alerts: BudgetAlerts,
    private readonly clock: CreditClock,
    private readonly changes: ConfigChangeFeed,
    private readonly spill: CreditSpill,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Holds up to `maxCostMicros` of the team's credit for one request. Resolves at once from credit this replica
   * already leased; otherwise after one lease from Postgres. Rejects with `CreditsException`
   * (`credit_limit_exceeded`, 402) when the team's remaining credit cannot cover it.
   */
  async reserve(teamId: string, maxCostMicros: bigint): Promise<CreditReservation> {
    if (maxCostMicros < 0n) throw new RangeError(`maxCostMicros must not be negative (got ${maxCostMicros})`);
    const budget = await this.budgets.get(teamId).catch((error: unknown) => {
      throw this.unavailable(teamId, error);
    });
    if (!budget) return unlimitedReservation(teamId, maxCostMicros);
    const account = await this.accountFor(budget);
    if (account.waiters.length === 0 && account.available >= maxCostMicros) {
      return this.hold(account, maxCostMicros);
    }
    return new Promise<CreditReservation>((resolve, reject) => {
      account.waiters.push({ need: maxCostMicros, resolve, reject });
      this.pump(account, budget);
    });
  }

  /**
   * `reserve` without the wait, for the request path: answers at once when memory already decides (a team without
   * a budget, or credit this replica holds), and undefined when `reserve` has to wait or refuse.
   */
  tryReserve(teamId: string, maxCostMicros: bigint): CreditReservation | undefined {
    if (maxCostMicros < 0n) return undefined;
    const budget = this.budgets.tryGet(teamId);
    if (budget === undefined) return undefined;
    if (budget === null) return unlimitedReservation(teamId, maxCostMicros);
    const account = this.accounts.get(budget.teamId);
    if (!account || !this.isCurrent(account, budget)) return undefined;
    if (account.waiters.length > 0 || account.available < maxCostMicros) return undefined;
    return this.hold(account, maxCostMicros);
  }

  /**
   * Writes settled spend and given-back credit to Postgres. Runs every second by itself; `returnUnused` also
   * gives back credit leased but not reserved (as at shutdown). Concurrent calls run one after another.
   */
  flush(options: { returnUnused?: boolean } = {}): Promise<void> {
    const run = this.flushing.then(() => this.flushAll(options.returnUnused ?? false));
    this.flushing = run.catch(() => undefined);
    return run;
  }

  /** Returns the credit of leases whose replica stopped heartbeating. Runs every minute by itself. */
  async reclaimStaleLeases(
    staleAfterMs = CREDIT_TUNING.staleLeaseMs,
  ): Promise<{ leases: number; amount: bigint }> {
    const reclaimed = await this.periods.reclaimStale(staleAfterMs, this.replicaId);
    if (reclaimed.leases > 0) {
      this.logger.warn(
        { leases: reclaimed.leases, amountMicros: reclaimed.amount.toString() },
        'reclaimed credit leased by replicas that stopped heartbeating',
      );
    }
    return reclaimed;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.spill.open();
    if (!this.spill.empty) this.databaseDown = !(await this.spill.replay(this.replicaId));
    this.unsubscribe = this.changes.subscribe((change) => {
      if (change.topic === 'budget') this.budgetChanged(change.teamId);
    });
    const every = (ms: number, task: () => Promise<unknown>, what: string) => {
      const timer = setInterval(() => {
        task().catch((error: unknown) => this.logger.warn({ err: error }, `credit ${what} failed`));
      }, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(CREDIT_TUNING.flushIntervalMs, () => this.tick(), 'flush');
    every(CREDIT_TUNING.pruneIntervalMs, () => this.spill.pruneApplied(), 'applied batch pruning');
    every(CREDIT_TUNING.heartbeatIntervalMs, () => this.heartbeat(), 'lease heartbeat');
    every(CREDIT_TUNING.reclaimIntervalMs, () => this.reclaimStaleLeases(), 'stale lease reclaim');
  }

  /**
   * Runs after the HTTP server has drained: every request has settled or released its reservation. What the
   * database does not take (it is down, or a flush is stuck on it) goes to the write-ahead file, replayed at the
   * next start.
   */
  async onApplicationShutdown(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.unsubscribe?.();
    for (const account of [...this.accounts.values()]) this.retire(account);
    if (this.flushBusySince !== undefined || this.databaseDown) {
      await this.spillAll();
      await this.spill.close();
      return;
    }
    await this.flush({ returnUnused: true }).catch((error: unknown) =>
      this.logger.error({ err: error }, 'could not flush credit at shutdown'),
    );
    await this.spill.close();
    const stuck = [...this.retired].filter((account) => !account.drained);
    if (stuck.length > 0) {
      this.logger.warn(
        { teams: stuck.map((account) => account.teamId) },
        'credit still held at shutdown; its leases will be reclaimed as stale',
      );
    }
    await this.periods.dropEmptyLeases(this.replicaId).catch(() => undefined);
  }

  /**
   * Every flush interval: a flush, unless the last one has waited on the database for `stuckFlushMs`; then what it
   * holds and everything settled since go to the write-ahead file, so a crash loses no more than about one interval.
   */
  private tick(): Promise<void> {
    if (this.flushBusySince === undefined) return this.flush();
    if (this.clock.now().getTime() - this.flushBusySince < CREDIT_TUNING.stuckFlushMs)
      return Promise.resolve();
    return this.spillAll();
  }

  /** Writes the flush waiting on the database and every account's unflushed credit to the file. */
  private async spillAll(): Promise<void> {
    const inFlight = this.inFlight;
    if (inFlight && !inFlight.spilled) inFlight.spilled = await this.spill.append([inFlight.record]);
    const now = this.clock.now().getTime();
    for (const account of [...this.accounts.values(), ...this.retired]) {
      if (account.lost) continue;
      const prepared = this.prepareBatch(account, now, false);
      if (prepared) await this.spillBatch(account, prepared);
    }
  }

  private async accountFor(budget: TeamBudget): Promise<PeriodAccount> {
    const current = this.accounts.get(budget.teamId);
    if (current && this.isCurrent(current, budget)) return current;
    let opening = this.opening.get(budget.teamId);
    if (!opening) {
      opening = this.open(budget, current).finally(() => this.opening.delete(budget.teamId));
      this.opening.set(budget.teamId, opening);
    }
    return opening;
  }

  private isCurrent(account: PeriodAccount, budget: TeamBudget): boolean {
    const now = this.clock.now().getTime();
    return (
      !account.stale &&
      account.period === budget.period &&
      (account.periodEnd === null || now < account.periodEnd)
    );
  }

  /** The one database call besides leasing that a request may wait for: the first use of a period. */
  private async open(budget: TeamBudget, previous: PeriodAccount | undefined): Promise<PeriodAccount> {
    const now = this.clock.now();
    const window = periodWindow(budget.period, now);
    const period = await this.periods
      .openPeriod(budget.teamId, window, budget.limitMicros, `${budget.period} period opened`)
      .catch((error: unknown) => {
        throw this.unavailable(budget.teamId, error);
      });
    if (previous && previous.periodId === period.id && previous.period === budget.period && !previous.lost) {
      previous.stale = false;
      return previous;
    }
    if (previous) this.retire(previous);
    const account = new PeriodAccount(
      budget.teamId,
      period.id,
      budget.period,
      window.end?.getTime() ?? null,
      period.alertedAt !== null,
      now.getTime(),
    );
    this.accounts.set(budget.teamId, account);
    return account;
  }

  private hold(account: PeriodAccount, amount: bigint): CreditReservation {
    account.take(amount, this.clock.now().getTime());
    return new HeldReservation(account.teamId, amount, (charged, requested) => {
      if (requested > charged) {
        this.logger.warn(
          {
            teamId: account.teamId,
            reservedMicros: amount.toString(),
            actualMicros: requested.toString(),
          },
          'actual cost exceeded the reserved maximum; charged the reservation',
        );
      }
      if (account.lost) {
        this.logger.error(
          { teamId: account.teamId, chargedMicros: charged.toString() },
          'settled against a reclaimed lease; this spend is not recorded',
        );
        account.inFlight -= amount;
        return;
      }
      account.finish(amount, charged);
      if (account.waiters.length > 0) {
        const budget = this.budgets.peek(account.teamId);
        if (budget) this.pump(account, budget);
      }
    });
  }

  /** Serves waiting reservations in order, leasing one chunk at a time per team. */
  private pump(account: PeriodAccount, budget: TeamBudget): void {
    while (account.waiters.length > 0 && !account.leasing) {
      const head = account.waiters[0]!;
      if (account.available >= head.need) {
        account.waiters.shift();
        head.resolve(this.hold(account, head.need));
        continue;
      }
      const shortfall = head.need - account.available;
      if (this.clock.now().getTime() < account.refusedUntil && shortfall > account.knownRemaining) {
        account.waiters.shift();
        head.reject(this.refusal(account, budget, head));
        continue;
      }
      account.leasing = true;
      void this.lease(account, shortfall, head.need).finally(() => {
        account.leasing = false;
        this.pump(account, budget);
      });
    }
  }

  private async lease(account: PeriodAccount, shortfall: bigint, unit: bigint): Promise<void> {
    try {
      const outcome = await this.periods.lease(
        account.periodId,
        this.replicaId,
        shortfall,
        unit,
        CREDIT_TUNING.chunk,
      );
      if (outcome.granted > 0n) {
        account.available += outcome.granted;
        account.refusedUntil = 0;
      } else {
        account.knownRemaining = outcome.remaining > 0n ? outcome.remaining : 0n;
        account.refusedUntil = this.clock.now().getTime() + CREDIT_TUNING.refusalMemoryMs;
      }
    } catch (error) {
      for (const waiter of account.waiters.splice(0)) waiter.reject(this.unavailable(account.teamId, error));
    }
  }

  private refusal(account: PeriodAccount, budget: TeamBudget, waiter: Waiter): CreditsException {
    const remaining = account.available + account.knownRemaining;
    return new CreditsException(
      CreditsErrorCode.CreditLimitExceeded,
      `Team ${account.teamId} has ${usd(remaining)} of credit left in its ${budget.period} budget of ` +
        `${usd(budget.limitMicros)}; this request may cost up to ${usd(waiter.need)}`,
    );
  }

  private unavailable(teamId: string, error: unknown): CreditsException {
    this.logger.error({ err: error, teamId }, 'credit store unavailable');
    return new CreditsException(
      CreditsErrorCode.CreditUnavailable,
      'Team credit cannot be checked right now; retry shortly',
    );
  }

  private budgetChanged(teamId: string): void {
    this.budgets.invalidate(teamId);
    const account = this.accounts.get(teamId);
    if (!account) return;
    // A lowered limit must not be outrun by credit this replica already holds: hand it back.
    account.stale = true;
    account.refusedUntil = 0;
    account.giveBackAvailable();
  }

  private retire(account: PeriodAccount): void {
    if (this.accounts.get(account.teamId) === account) this.accounts.delete(account.teamId);
    account.retired = true;
    account.giveBackAvailable();
    this.retired.add(account);
  }

  private async flushAll(returnUnused: boolean): Promise<void> {
    const now = this.clock.now().getTime();
    this.flushBusySince = now;
    try {
      if (this.databaseDown || !this.spill.empty)
        this.databaseDown = !(await this.spill.replay(this.replicaId));
      await this.flushAccounts(returnUnused, now);
    } finally {
      this.flushBusySince = undefined;
    }
  }

  private async flushAccounts(returnUnused: boolean, now: number): Promise<void> {
    for (const account of [...this.accounts.values()]) {
      const periodOver = account.periodEnd !== null && now >= account.periodEnd;
      const idle =
        account.waiters.length === 0 &&
        account.inFlight === 0n &&
        now - account.lastUsedAt >= CREDIT_TUNING.idleRetireMs;
      if (periodOver || idle) this.retire(account);
      else if (returnUnused && account.waiters.length === 0) account.giveBackAvailable();
    }
    for (const account of [...this.accounts.values(), ...this.retired]) {
      await this.flushAccount(account, now, returnUnused);
    }
    for (const account of this.retired) {
      if (account.drained || account.lost) this.retired.delete(account);
    }
  }

  private async flushAccount(account: PeriodAccount, now: number, final: boolean): Promise<void> {
    if (account.lost) return;
    const prepared = this.prepareBatch(account, now, final);
    if (!prepared) return;
    if (this.databaseDown) {
      await this.spillBatch(account, prepared);
      return;
    }
    const { batch, record } = prepared;
    const inFlight = { record, spilled: false };
    this.inFlight = inFlight;
    let outcome;
    try {
      outcome = await this.periods.flush(
        record.id,
        account.periodId,
        this.replicaId,
        batch.settled,
        batch.returned,
        record.ledgerAmount,
        `settled by replica ${this.replicaId}`,
      );
    } catch (error) {
      if (!this.databaseDown)
        this.logger.warn(
          { err: error, teamId: account.teamId },
          'credit flush failed; writing credit to disk',
        );
      this.databaseDown = true;
      if (inFlight.spilled) this.recorded(account, prepared);
      else await this.spillBatch(account, prepared);
      return;
    } finally {
      this.inFlight = undefined;
    }
    if (!outcome) {
      await this.leaseLost(account, batch);
      return;
    }
    this.recorded(account, prepared);
    await this.alertIfDue(account, outcome.alertedAt !== null);
  }

  /** Takes what an account settled and gave back since its last flush, as a batch with its own id. */
  private prepareBatch(account: PeriodAccount, now: number, final: boolean): PreparedBatch | undefined {
    if (account.retired && account.waiters.length === 0) account.giveBackAvailable();
    const batch = account.takeBatch();
    const ledgerDue =
      final || account.retired || now - account.lastLedgerAt >= CREDIT_TUNING.ledgerIntervalMs;
    const carried = ledgerDue ? account.unledgered : 0n;
    const ledgerAmount = ledgerDue ? carried + batch.settled : 0n;
    if (batch.settled === 0n && batch.returned === 0n && ledgerAmount === 0n) return undefined;
    // The unledgered spend now belongs to this batch, so a batch prepared while this one is under way leaves it out.
    if (ledgerDue) {
      account.unledgered = 0n;
      account.lastLedgerAt = now;
    }
    const record: SpilledCreditBatch = {
      id: randomUUID(),
      periodId: account.periodId,
      teamId: account.teamId,
      replicaId: this.replicaId,
      settled: batch.settled,
      returned: batch.returned,
      ledgerAmount,
    };
    return { batch, record, ledgerDue, carried };
  }

  /** Puts a batch in the write-ahead file, or back into the account when the file fails too. */
  private async spillBatch(account: PeriodAccount, prepared: PreparedBatch): Promise<void> {
    if (await this.spill.append([prepared.record])) {
      this.recorded(account, prepared);
      return;
    }
    account.restore(prepared.batch);
    account.unledgered += prepared.carried;
  }

  /** A batch reached the database or the file: a settlement it did not write to the ledger is still owed to it. */
  private recorded(account: PeriodAccount, { batch, ledgerDue }: PreparedBatch): void {
    if (!ledgerDue) account.unledgered += batch.settled;
  }

  private async alertIfDue(account: PeriodAccount, alreadyAlerted: boolean): Promise<void> {
    if (alreadyAlerted) account.alerted = true;
    const alertAtPercent = this.budgets.peek(account.teamId)?.alertAtPercent;
    if (account.alerted || !alertAtPercent) return;
    try {
      if (await this.alerts.raiseIfCrossed(account.periodId, alertAtPercent)) account.alerted = true;
    } catch (error) {
      this.logger.warn({ err: error, teamId: account.teamId }, 'could not raise a budget alert');
    }
  }

  /**
   * Another replica reclaimed this replica's lease as stale (it was unreachable too long), so what this account
   * holds is no longer backed. Its remaining lease, if any, is handed back and the account abandoned; spend it
   * settled since the last flush cannot be recorded without risking the limit, and is logged instead.
   */
  private async leaseLost(account: PeriodAccount, batch: FlushBatch): Promise<void> {
    account.lost = true;
    this.logger.error(
      {
        teamId: account.teamId,
        periodId: account.periodId,
        unrecordedSpendMicros: batch.settled.toString(),
      },
      'credit lease was reclaimed while this replica held it; abandoning it',
    );
    this.retire(account);
    for (const waiter of account.waiters.splice(0)) {
      waiter.reject(this.unavailable(account.teamId, new Error('credit lease reclaimed')));
    }
    await this.periods.dropLease(account.periodId, this.replicaId).catch(() => undefined);
  }

  private async heartbeat(): Promise<void> {
    if (this.accounts.size > 0 || this.retired.size > 0) await this.periods.heartbeat(this.replicaId);
  }
}
