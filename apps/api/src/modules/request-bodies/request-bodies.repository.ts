import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service.js';

@Injectable()
export class RequestBodiesRepository {
  constructor(private readonly prisma: PrismaService) {}

  find(requestId: string) {
    return this.prisma.requestBody.findUnique({ where: { requestId } });
  }

  /**
   * Deletes at most `limit` bodies logged before `cutoff`, oldest first, and answers how many it deleted. One
   * bounded statement at a time, so retention never holds a long transaction or locks the whole table.
   */
  async deleteBatchOlderThan(cutoff: Date, limit: number): Promise<number> {
    return this.prisma.$executeRaw`
      DELETE FROM request_bodies
      WHERE request_id IN (
        SELECT request_id FROM request_bodies WHERE at < ${cutoff} ORDER BY at LIMIT ${limit}
      )`;
  }
}
