import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service.js';
import { Prisma } from '../../database/generated/client.js';
import { type Role } from '../../database/generated/enums.js';

const withMemberships = { memberships: { select: { teamId: true, role: true } } } as const;

export type UserWithMemberships = NonNullable<Awaited<ReturnType<UsersRepository['findById']>>>;

export class EmailTaken extends Error {}

/** Someone asked to leave the organisation without a live, enabled owner. */
export class LastOwner extends Error {}

/** A unique violation on the live-email index: another request created the same user between check and write. */
function rethrowEmailClash(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new EmailTaken();
  throw error;
}

export interface UserChange {
  role?: Role;
  name?: string | null;
  disabledAt?: Date | null;
  deletedAt?: Date;
  passwordHash?: string | null;
}

/** Whether a change removes `user` from the set of live, enabled owners. */
function leavesOwners(user: { role: Role }, change: UserChange): boolean {
  if (user.role !== 'owner') return false;
  return (
    (change.role !== undefined && change.role !== 'owner') ||
    (change.disabledAt !== undefined && change.disabledAt !== null) ||
    change.deletedAt !== undefined
  );
}

@Injectable()
export class UsersRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** A live (not deleted) user by email, any letter case. */
  findByEmail(email: string) {
    return this.prisma.user.findFirst({
      where: { email: email.toLowerCase(), deletedAt: null },
      include: withMemberships,
    });
  }

  /** A live (not deleted) user. */
  findById(id: string) {
    return this.prisma.user.findFirst({ where: { id, deletedAt: null }, include: withMemberships });
  }

  /** A user, deleted ones included: their history stays readable. */
  findAnyById(id: string) {
    return this.prisma.user.findUnique({ where: { id }, include: withMemberships });
  }

  findByOidcIdentity(issuer: string, subject: string) {
    return this.prisma.user.findFirst({
      where: { oidcIssuer: issuer, oidcSubject: subject, deletedAt: null },
      include: withMemberships,
    });
  }

  count() {
    return this.prisma.user.count();
  }

  create(data: {
    email: string;
    name?: string | null;
    passwordHash: string | null;
    role: Role;
    oidcIssuer?: string;
    oidcSubject?: string;
  }) {
    return this.prisma.user
      .create({ data: { ...data, email: data.email.toLowerCase() }, include: withMemberships })
      .catch(rethrowEmailClash);
  }

  list(afterEmail: string | undefined, take: number) {
    return this.prisma.user.findMany({
      where: { deletedAt: null, ...(afterEmail ? { email: { gt: afterEmail } } : {}) },
      orderBy: { email: 'asc' },
      take,
      include: withMemberships,
    });
  }

  /**
   * Applies a change to a live user. A change that would leave no live, enabled owner throws LastOwner: the
   * owners are locked for the transaction, so two owners demoting each other at once cannot both succeed.
   */
  async update(id: string, change: UserChange) {
    return this.prisma.$transaction(async (tx) => {
      const user = await tx.user.findFirst({ where: { id, deletedAt: null } });
      if (!user) return null;
      if (leavesOwners(user, change)) {
        const owners = await tx.$queryRaw<{ id: string }[]>`
          SELECT id FROM users
          WHERE role = 'owner' AND disabled_at IS NULL AND deleted_at IS NULL
          ORDER BY id FOR UPDATE`;
        if (!owners.some((owner) => owner.id !== id)) throw new LastOwner();
      }
      return tx.user.update({ where: { id }, data: change, include: withMemberships });
    });
  }

  /** Links a user to their identity at the identity provider. */
  linkOidcIdentity(id: string, issuer: string, subject: string) {
    return this.prisma.user.update({
      where: { id },
      data: { oidcIssuer: issuer, oidcSubject: subject },
      include: withMemberships,
    });
  }

  /** A deleted user leaves their teams; their memberships are recorded in the audit event. */
  removeMemberships(userId: string) {
    return this.prisma.membership.deleteMany({ where: { userId } });
  }
}
