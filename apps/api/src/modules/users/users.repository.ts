import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service.js';
import { type Role } from '../../database/generated/enums.js';

const withMemberships = { memberships: { select: { teamId: true, role: true } } } as const;

@Injectable()
export class UsersRepository {
  constructor(private readonly prisma: PrismaService) {}

  findByEmail(email: string) {
    return this.prisma.user.findUnique({ where: { email: email.toLowerCase() }, include: withMemberships });
  }

  findById(id: string) {
    return this.prisma.user.findUnique({ where: { id }, include: withMemberships });
  }

  count() {
    return this.prisma.user.count();
  }

  create(data: { email: string; name?: string | null; passwordHash: string; role: Role }) {
    return this.prisma.user.create({
      data: { ...data, email: data.email.toLowerCase() },
      include: withMemberships,
    });
  }

  list(afterEmail: string | undefined, take: number) {
    return this.prisma.user.findMany({
      where: afterEmail ? { email: { gt: afterEmail } } : {},
      orderBy: { email: 'asc' },
      take,
      include: withMemberships,
    });
  }
}
