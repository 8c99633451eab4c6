import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service.js';

@Injectable()
export class RoutesRepository {
  constructor(private readonly prisma: PrismaService) {}

  list(afterAlias: string | undefined, take: number) {
    return this.prisma.route.findMany({
      where: afterAlias ? { alias: { gt: afterAlias } } : {},
      orderBy: { alias: 'asc' },
      take,
    });
  }

  all() {
    return this.prisma.route.findMany({ select: { alias: true, targets: true } });
  }

  find(alias: string) {
    return this.prisma.route.findUnique({ where: { alias } });
  }

  upsert(alias: string, targets: string[]) {
    return this.prisma.route.upsert({
      where: { alias },
      create: { alias, targets },
      update: { targets },
    });
  }

  async delete(alias: string): Promise<boolean> {
    const { count } = await this.prisma.route.deleteMany({ where: { alias } });
    return count > 0;
  }

  async providerNames(): Promise<string[]> {
    const rows = await this.prisma.provider.findMany({ select: { name: true } });
    return rows.map((row) => row.name);
  }
}
