import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type CreditReservation } from '../../../src/modules/credits/credit-reservation.js';
import { UsageRecorder } from '../../../src/modules/usage/usage-recorder.js';
import { sampleUsageEvent } from '../../support/usage-event.js';

/**
 * Settles a reservation as the proxy's settlement does: the credit comes off the reservation, and the spend reaches
 * the budget periods with the request's usage row, queued on `app`'s recorder.
 */
export function settleAsProxy(
  app: NestFastifyApplication,
  reservation: CreditReservation,
  costMicros: bigint,
): void {
  const charges = reservation.settle(costMicros);
  app
    .get(UsageRecorder, { strict: false })
    .record(sampleUsageEvent({ teamId: reservation.teamId, costMicros, charges }));
}

/** Writes what `app` queued of usage, with its charges, to the database. */
export const flushUsage = (app: NestFastifyApplication) => app.get(UsageRecorder, { strict: false }).flush();
