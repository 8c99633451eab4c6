import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service.js';
import { type Prisma } from '../../database/generated/client.js';

@Injectable()
export class SettingsRepository {
  constructor(private readonly prisma: PrismaService) {}

  findMany(keys: string[]) {
    return this.prisma.setting.findMany({ where: { key: { in: keys } } });
  }

  /** Writes several settings at once: an admin's change is never half-applied. */
  upsertMany(values: { key: string; value: Prisma.InputJsonValue }[]) {
    return this.prisma.$transaction(
      values.map(({ key, value }) =>
        this.prisma.setting.upsert({ where: { key }, create: { key, value }, update: { value } }),
      ),
    );
  }
}
