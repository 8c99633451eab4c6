import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service.js';
import { type Role } from '../../database/generated/enums.js';

@Injectable()
export class ApiCredentialsRepository {
  constructor(private readonly prisma: PrismaService) {}

  findUsableByHash(hash: string, now: Date) {
    return this.prisma.apiCredential.findFirst({
      where: { hash, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    });
  }

  create(data: {
    name: string;
    role: Role;
    hash: string;
    prefix: string;
    createdById: string | null;
    expiresAt: Date | null;
  }) {
    return this.prisma.apiCredential.create({ data });
  }

  list(afterId: string | undefined, take: number) {
    return this.prisma.apiCredential.findMany({
      where: afterId ? { id: { gt: afterId } } : {},
      orderBy: { id: 'asc' },
      take,
    });
  }

  findById(id: string) {
    return this.prisma.apiCredential.findUnique({ where: { id } });
  }

  revoke(id: string, at: Date) {
    return this.prisma.apiCredential.update({ where: { id }, data: { revokedAt: at } });
  }
}
