import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { WriteAheadLog } from '../../write-ahead/write-ahead-log.js';
import { CreditPeriodsRepository, type SpilledCreditBatch } from './credit-periods.repository.js';
import { creditBatchCodec } from './credit-write-ahead.js';

/** Applied batch ids are kept this long: far longer than a write-ahead file waits for its database. */
const APPLIED_BATCH_RETENTION_MS = 30 * 24 * 60 * 60_000;

/**
 * The credit side of the write-ahead file: flushes of settled and given-back credit that the database did not take
 * are appended here, and replayed (each once, by its batch id) at start and as soon as the database answers.
 */
@Injectable()
export class CreditSpill {
  private readonly wal: WriteAheadLog<SpilledCreditBatch>;

  constructor(
    private readonly periods: CreditPeriodsRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.wal = new WriteAheadLog(config.spillDir, 'credit', creditBatchCodec);
  }

  open(): Promise<void> {
    return this.wal.open();
  }

  close(): Promise<void> {
    return this.wal.close();
  }

  get empty(): boolean {
    return this.wal.empty;
  }

  /** Appends and fsyncs the batches; false when the file failed (they are still the caller's to keep). */
  async append(batches: SpilledCreditBatch[]): Promise<boolean> {
    if (batches.length === 0) return true;
    try {
      await this.wal.append(batches);
      return true;
    } catch (error) {
      this.logger.error({ err: error, file: this.wal.directory }, 'the credit write-ahead file fails');
      return false;
    }
  }

  /**
   * Applies what the file holds; false when the database failed on the way (the rest stays for the next try).
   * Leases of other replicas (a previous run of this one) emptied by the replay are dropped.
   */
  async replay(currentReplicaId: string): Promise<boolean> {
    const previousReplicas = new Set<string>();
    try {
      const report = await this.wal.replay(async (batches) => {
        for (const batch of batches) {
          await this.periods.applySpilled(batch, `settled by replica ${batch.replicaId}, replayed`);
          if (batch.replicaId !== currentReplicaId) previousReplicas.add(batch.replicaId);
        }
      }, 100);
      for (const replicaId of previousReplicas) await this.periods.dropEmptyLeases(replicaId);
      if (report.records > 0)
        this.logger.info({ batches: report.records }, 'credit replayed from the write-ahead file');
      for (const file of report.unreadable)
        this.logger.error({ file }, 'unreadable lines of the credit write-ahead file were set aside');
      return true;
    } catch (error) {
      this.logger.warn(
        { err: error },
        'replaying the credit write-ahead file failed; it is kept for the next try',
      );
      return false;
    }
  }

  pruneApplied(): Promise<void> {
    return this.periods.pruneAppliedBatches(APPLIED_BATCH_RETENTION_MS);
  }
}
