import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { ConfigChangeFeed } from '../settings/config-change-feed.js';
import { accountKeyOf, type Budget, scopeOf } from './budget.js';
import { BudgetAlerts } from './budget-alerts.js';
import { BudgetCache } from './budget-cache.js';
import { periodWindow } from './budget-period.js';
import { CreditClock } from './credit-clock.js';
import {
  type ChunkPolicy,
  CreditPeriodsRepository,
  type FlushOutcome,
  type SpilledCreditBatch,
} from './credit-periods.repository.js';
import { type CreditReservation, HeldReservation, unlimitedReservation } from './credit-reservation.js';
import { CreditSpill } from './credit-spill.js';
import { type ChargedPeriod } from './period-charges.repository.js';
import { CreditsErrorCode, CreditsException } from './credits.exception.js';
import { microsToUsd } from './money.js';
import { type FlushBatch, PeriodAccount, type Waiter } from './period-account.js';

export const CREDIT_TUNING = {
  chunk: { maxChunkMicros: 2_000_000n, remainingDivisor: 4n } satisfies ChunkPolicy,
  flushIntervalMs: 1_000,
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

/**
 * What a request asks of a budget: its worst-case cost, and the least it can run on (its prompt and one output
 * token). A reservation between the two means the request runs with its output shortened to what is held.
 */
export interface CreditNeed {
  worstMicros: bigint;
  leastMicros: bigint;
}

const usd = (micros: bigint) => `$${microsToUsd(micros)}`;
const exactly = (micros: bigint): CreditNeed => ({ worstMicros: micros, leastMicros: micros });

/** One account's flush: the amounts, and the record the file would keep. */
interface PreparedBatch {
  batch: FlushBatch;
  record: SpilledCreditBatch;
}

/**
 * Credit enforcement for the gateway: reserve before an upstream call, settle after it.
 *
 *   const reservation = await creditGate.reserveTeam(teamId, { worstMicros, leastMicros }); // throws 402
 *   try { ...call upstream, output limited to what reservation.reservedMicros pays for...;
 *         reservation.settle(actualCostMicros); }
 *   finally { reservation.release(); }  // no-op after settle; returns the credit if the call never happened
 *
 * A budget is a team's (from the budget cache) or a token's (handed in by the caller); both run the same way.
 * No database write happens per request. A replica leases a chunk of a budget's remaining credit from Postgres
 * (one conditional UPDATE that cannot pass the limit) and serves reservations from it in memory. A request's spend,
 * and the leased credit it used, leave the lease with the request's usage row, in one transaction
 * (`reservation.settle` answers the charges the row carries): spend always equals the cost of the usage rows and
 * never appears free in between, whatever fails and whenever a process dies. Credit given back unspent leaves
 * the lease every second and at shutdown. A reservation covers the request's worst case,
 * or, when the credit left cannot, what is left (the caller shortens the answer to fit); so, on any number of
 * replicas, settled spend stays within the limit. A charge is never capped: should a request cost more than it
 * reserved, the excess is paid from credit this replica holds, and what none covers is recorded all the same.
 * Soft budgets hold nothing and only record. Teams and tokens without a budget skip all of it.
 *
 * Leases are recorded per replica (`credit_leases`) and kept alive by a heartbeat; the leases of a replica that
 * died are reclaimed by the others after 10 minutes. A flush the database does not take (it fails, or is still
 * waiting half a second into the next interval) goes to the write-ahead file (`CreditSpill`) under its batch id,
 * and is applied once when replayed, at start or when the database answers. What a replica killed outright still
 * held returns to the period when its lease is reclaimed; one stopped gracefully gives its unused credit back at
 * its next start even when the database was down.
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

  /** Holds exactly `maxCostMicros` of the team's credit, or refuses with 402. */
  reserve(teamId: string, maxCostMicros: bigint): Promise<CreditReservation> {
    return this.reserveTeam(teamId, exactly(maxCostMicros));
  }

  /** `reserve` when memory decides; undefined when it would have to wait or refuse. */
  tryReserve(teamId: string, maxCostMicros: bigint): CreditReservation | undefined {
    return this.tryReserveTeam(teamId, exactly(maxCostMicros));
  }

  /** The team's budget, null when it has none. */
  teamBudget(teamId: string): Promise<Budget | null> {
    return this.budgets.get(teamId).catch((error: unknown) => {
      throw this.unavailable(teamId, error);
    });
  }

  /** The team's budget when memory knows it; undefined when `teamBudget` would have to look. */
  tryTeamBudget(teamId: string): Budget | null | undefined {
    return this.budgets.tryGet(teamId);
  }

  /**
   * Holds between `need.leastMicros` and `need.worstMicros` of the team's credit: the worst case when the credit left
   * covers it, otherwise all that is left. Resolves at once from credit this replica already leased; otherwise after
   * one lease from Postgres. Rejects with `CreditsException` (`credit_limit_exceeded`, 402) when the credit left
   * cannot cover even the least.
   */
  async reserveTeam(teamId: string, need: CreditNeed): Promise<CreditReservation> {
    return this.reserveIn(await this.teamBudget(teamId), teamId, need);
  }

  tryReserveTeam(teamId: string, need: CreditNeed): CreditReservation | undefined {
    const budget = this.budgets.tryGet(teamId);
    return budget === undefined ? undefined : this.tryReserveIn(budget, teamId, need);
  }

  /** `reserveTeam` for a budget the caller holds (a token's); null means unlimited. */
  async reserveIn(budget: Budget | null, teamId: string, need: CreditNeed): Promise<CreditReservation> {
    this.checkNeed(need);
    if (!budget) return unlimitedReservation(teamId, need.worstMicros);
    const account = await this.accountFor(budget);
    if (account.soft) return this.hold(account, 0n);
    if (account.waiters.length === 0 && account.available >= need.worstMicros) {
      return this.hold(account, need.worstMicros);
    }
    return new Promise<CreditReservation>((resolve, reject) => {
      account.waiters.push({ need: need.worstMicros, least: need.leastMicros, resolve, reject });
      this.pump(account);
    });
  }

  /** `reserveIn` without the wait: answers when memory already decides, undefined otherwise. */
  tryReserveIn(budget: Budget | null, teamId: string, need: CreditNeed): CreditReservation | undefined {
    if (need.worstMicros < 0n || need.leastMicros > need.worstMicros) return undefined;
    if (budget === null) return unlimitedReservation(teamId, need.worstMicros);
    const account = this.accounts.get(accountKeyOf(budget));
    if (!account || !this.isCurrent(account, budget)) return undefined;
    if (account.soft) return this.hold(account, 0n);
    if (account.waiters.length > 0 || account.available < need.worstMicros) return undefined;
    return this.hold(account, need.worstMicros);
  }

  /**
   * Writes given-back credit to Postgres. Runs every second by itself; `returnUnused` also
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
   * Runs after the HTTP server has drained and the usage recorder has written every request's charge: every
   * request has settled or released its reservation. What the database does not take (it is down, or answers
   * nothing within the query deadline) goes to the write-ahead file, replayed at the next start.
   */
  async onApplicationShutdown(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.unsubscribe?.();
    for (const account of [...this.accounts.values()]) this.retire(account);
    // A flush under way ends within the query deadline; spilling it now would leave its credit held until the next
    // start even when the database was merely slow.
    await this.flushing;
    if (this.databaseDown) {
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
   * holds and everything given back since go to the write-ahead file.
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
    for (const account of [...this.accounts.values(), ...this.retired]) {
      const prepared = this.prepareBatch(account);
      if (prepared) await this.spillBatch(account, prepared);
    }
  }

  private checkNeed(need: CreditNeed): void {
    if (need.leastMicros < 0n || need.leastMicros > need.worstMicros) {
      throw new RangeError(
        `a credit need runs from 0 ≤ least ≤ worst (got least ${need.leastMicros}, worst ${need.worstMicros})`,
      );
    }
  }

  private async accountFor(budget: Budget): Promise<PeriodAccount> {
    const key = accountKeyOf(budget);
    const current = this.accounts.get(key);
    if (current && this.isCurrent(current, budget)) return current;
    let opening = this.opening.get(key);
    if (!opening) {
      opening = this.open(budget, current).finally(() => this.opening.delete(key));
      this.opening.set(key, opening);
    }
    return opening;
  }

  /** The account serves this budget as it now stands: same period, same limit and mode, and not yet over. */
  private isCurrent(account: PeriodAccount, budget: Budget): boolean {
    const now = this.clock.now().getTime();
    const held = account.budget;
    return (
      !account.stale &&
      held.period === budget.period &&
      held.mode === budget.mode &&
      held.limitMicros === budget.limitMicros &&
      (account.periodEnd === null || now < account.periodEnd)
    );
  }

  /** The one database call besides leasing that a request may wait for: the first use of a period. */
  private async open(budget: Budget, previous: PeriodAccount | undefined): Promise<PeriodAccount> {
    const now = this.clock.now();
    const window = periodWindow(budget.period, now);
    const period = await this.periods
      .openPeriod(
        budget.teamId,
        budget.tokenId,
        window,
        budget.limitMicros,
        `${budget.period} ${scopeOf(budget)} period opened`,
      )
      .catch((error: unknown) => {
        throw this.unavailable(budget.teamId, error);
      });
    if (
      previous &&
      previous.periodId === period.id &&
      previous.budget.period === budget.period &&
      previous.budget.mode === budget.mode &&
      previous.budget.limitMicros === budget.limitMicros &&
      !previous.lost
    ) {
      previous.stale = false;
      previous.knownLimit = period.limit;
      return previous;
    }
    if (previous) this.retire(previous);
    const account = new PeriodAccount(
      budget,
      period.id,
      window.start,
      window.end?.getTime() ?? null,
      period.alertedAt !== null,
      period.exhaustedAt !== null,
      period,
      now.getTime(),
    );
    this.accounts.set(accountKeyOf(budget), account);
    return account;
  }

  private hold(account: PeriodAccount, amount: bigint): CreditReservation {
    account.take(amount, this.clock.now().getTime());
    const holder = {
      periodId: account.periodId,
      replicaId: this.replicaId,
      finish: (reserved: bigint, charged: bigint) => this.finish(account, reserved, charged),
      giveBack: (returned: bigint) => {
        account.inFlight -= returned;
        account.free(returned);
        this.pumpIfWaiting(account);
      },
    };
    return new HeldReservation(account.teamId, amount, holder, !account.soft);
  }

  /** Answers how much of the charge leased credit paid. */
  private finish(account: PeriodAccount, reserved: bigint, charged: bigint): bigint {
    if (account.lost) {
      // The lease behind it is gone: the charge is still spend, recorded without a lease.
      account.inFlight -= reserved;
      return 0n;
    }
    if (charged > reserved && !account.soft) {
      this.logger.warn(
        {
          teamId: account.teamId,
          tokenId: account.budget.tokenId,
          reservedMicros: reserved.toString(),
          actualMicros: charged.toString(),
        },
        'actual cost exceeded the reservation; charged in full',
      );
    }
    const leased = account.finish(reserved, charged);
    this.pumpIfWaiting(account);
    return leased;
  }

  private pumpIfWaiting(account: PeriodAccount): void {
    if (account.waiters.length > 0 && !account.retired) this.pump(account);
  }

  /**
   * Serves waiting reservations in order, leasing one chunk at a time per budget. A waiter whose worst case the
   * period cannot cover any more gets what is left, if that is at least its least; otherwise it is refused.
   */
  private pump(account: PeriodAccount): void {
    while (account.waiters.length > 0 && !account.leasing) {
      const head = account.waiters[0]!;
      if (account.available >= head.need) {
        account.waiters.shift();
        head.resolve(this.hold(account, head.need));
        continue;
      }
      const now = this.clock.now().getTime();
      if (now >= account.refusedUntil) {
        this.startLease(account, head.need - account.available, head.need, false);
        continue;
      }
      // The worst case was refused a moment ago: shorten to what is left, or refuse.
      if (account.available + account.knownRemaining < head.least) {
        account.waiters.shift();
        head.reject(this.refusal(account, head));
        continue;
      }
      if (account.knownRemaining > 0n) {
        this.startLease(account, account.knownRemaining, account.knownRemaining, true);
        continue;
      }
      account.waiters.shift();
      head.resolve(this.hold(account, account.available));
    }
  }

  private startLease(account: PeriodAccount, shortfall: bigint, unit: bigint, rest: boolean): void {
    account.leasing = true;
    void this.lease(account, shortfall, unit, rest).finally(() => {
      account.leasing = false;
      this.pump(account);
    });
  }

  /** Leases at least `shortfall`; `rest` asks for exactly what was last known to be left (no more is). */
  private async lease(account: PeriodAccount, shortfall: bigint, unit: bigint, rest: boolean): Promise<void> {
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
        if (rest) account.knownRemaining = 0n;
        else account.refusedUntil = 0;
      } else {
        account.knownRemaining = outcome.remaining > 0n ? outcome.remaining : 0n;
        account.refusedUntil = this.clock.now().getTime() + CREDIT_TUNING.refusalMemoryMs;
      }
    } catch (error) {
      for (const waiter of account.waiters.splice(0)) waiter.reject(this.unavailable(account.teamId, error));
    }
  }

  private refusal(account: PeriodAccount, waiter: Waiter): CreditsException {
    const budget = account.budget;
    const scope = scopeOf(budget);
    const remaining = account.available + account.knownRemaining;
    const spent = account.knownSpent;
    void this.alerts
      .raiseIfExhausted(account.periodId, true)
      .then((raised) => {
        if (raised) account.exhausted = true;
      })
      .catch((error: unknown) =>
        this.logger.warn({ err: error, teamId: account.teamId }, 'could not raise a budget-exhausted alert'),
      );
    const owner = scope === 'team' ? `Team ${budget.teamId}` : `Token ${budget.tokenId}`;
    return new CreditsException(
      CreditsErrorCode.CreditLimitExceeded,
      `${owner} has ${usd(remaining)} of credit left in its ${budget.period} budget of ` +
        `${usd(account.knownLimit)}; this request needs at least ${usd(waiter.least)}`,
      null,
      {
        scope,
        limitUsd: microsToUsd(account.knownLimit),
        spentUsd: microsToUsd(spent),
        resetsAt: account.periodEnd === null ? null : new Date(account.periodEnd).toISOString(),
      },
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
    const account = this.accounts.get(accountKeyOf({ teamId, tokenId: null }));
    if (!account) return;
    // A lowered limit must not be outrun by credit this replica already holds: hand it back.
    account.stale = true;
    account.refusedUntil = 0;
    account.giveBackAvailable();
  }

  private retire(account: PeriodAccount): void {
    const key = accountKeyOf(account.budget);
    if (this.accounts.get(key) === account) this.accounts.delete(key);
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
      await this.flushAccount(account);
    }
    for (const account of this.retired) {
      if (account.drained) this.retired.delete(account);
    }
  }

  private async flushAccount(account: PeriodAccount): Promise<void> {
    const prepared = this.prepareBatch(account);
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
      outcome = await this.periods.flush(record.id, account.periodId, this.replicaId, batch);
    } catch (error) {
      if (!this.databaseDown)
        this.logger.warn(
          { err: error, teamId: account.teamId },
          'credit flush failed; writing credit to disk',
        );
      this.databaseDown = true;
      if (!inFlight.spilled) await this.spillBatch(account, prepared);
      return;
    } finally {
      this.inFlight = undefined;
    }
    if (!outcome) {
      await this.leaseLost(account);
      return;
    }
    account.knownSpent = outcome.spent;
    account.knownLimit = outcome.limit;
    await this.alertIfDue(account, outcome);
  }

  /**
   * Takes what an account gave back since its last flush, as a batch with its own id. An account whose lease was
   * reclaimed holds nothing leased any more: there is nothing to take off.
   */
  private prepareBatch(account: PeriodAccount): PreparedBatch | undefined {
    if (account.retired && account.waiters.length === 0 && !account.lost) account.giveBackAvailable();
    const batch = account.takeBatch();
    if (account.lost || batch.returned === 0n) return undefined;
    const record: SpilledCreditBatch = {
      id: randomUUID(),
      periodId: account.periodId,
      teamId: account.teamId,
      replicaId: this.replicaId,
      settled: 0n,
      overdrawn: 0n,
      returned: batch.returned,
      chargesSpend: false,
      ledgerAmount: 0n,
    };
    return { batch, record };
  }

  /** Puts a batch in the write-ahead file, or back into the account when the file fails too. */
  private async spillBatch(account: PeriodAccount, prepared: PreparedBatch): Promise<void> {
    if (!(await this.spill.append([prepared.record]))) account.restore(prepared.batch);
  }

  /**
   * Usage rows reached the database with their charges: the periods as they now stand, for this replica's view of
   * their spend and for budget alerts, which so follow the spend itself rather than the lease.
   */
  async spendLanded(periods: readonly ChargedPeriod[]): Promise<void> {
    if (periods.length === 0) return;
    const byId = new Map(periods.map((period) => [period.periodId, period]));
    for (const account of [...this.accounts.values(), ...this.retired]) {
      const period = byId.get(account.periodId);
      if (!period) continue;
      account.knownSpent = period.spent;
      account.knownLimit = period.limit;
      await this.alertIfDue(account, period);
    }
  }

  private async alertIfDue(account: PeriodAccount, outcome: FlushOutcome): Promise<void> {
    if (outcome.alertedAt !== null) account.alerted = true;
    if (outcome.exhaustedAt !== null) account.exhausted = true;
    const alertAtPercent = account.budget.alertAtPercent;
    try {
      if (
        !account.alerted &&
        alertAtPercent &&
        outcome.spent * 100n >= outcome.limit * BigInt(alertAtPercent)
      ) {
        if (await this.alerts.raiseIfCrossed(account.periodId, alertAtPercent)) account.alerted = true;
      }
      if (!account.exhausted && outcome.spent >= outcome.limit && outcome.spent > 0n) {
        if (await this.alerts.raiseIfExhausted(account.periodId, false)) account.exhausted = true;
      }
    } catch (error) {
      this.logger.warn({ err: error, teamId: account.teamId }, 'could not raise a budget alert');
    }
  }

  /**
   * Another replica reclaimed this replica's lease as stale (it was unreachable too long), so what this account
   * holds is no longer backed. Its remaining lease, if any, is handed back and the account abandoned; requests it
   * held still record their spend, with no lease behind it (the books stay exact, even past the limit).
   */
  private async leaseLost(account: PeriodAccount): Promise<void> {
    account.lost = true;
    this.logger.error(
      {
        teamId: account.teamId,
        tokenId: account.budget.tokenId,
        periodId: account.periodId,
      },
      'credit lease was reclaimed while this replica held it; abandoning it',
    );
    account.available = 0n;
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
