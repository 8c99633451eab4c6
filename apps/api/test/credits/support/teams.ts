import { randomUUID } from 'node:crypto';
import { PrismaService } from '../../../src/database/prisma.service.js';
import { type TeamRole } from '../../../src/database/generated/enums.js';
import { type TestApp } from '../../support/test-app.js';

/** Rows straight in the database: these specs must not depend on the teams endpoints. */
export const prismaOf = (api: TestApp) => api.app.get(PrismaService, { strict: false });

export async function createTeam(api: TestApp, name = `team-${randomUUID().slice(0, 8)}`): Promise<string> {
  const team = await prismaOf(api).team.create({ data: { name } });
  return team.id;
}

export async function addMember(api: TestApp, teamId: string, userId: string, role: TeamRole): Promise<void> {
  await prismaOf(api).membership.create({ data: { teamId, userId, role } });
}

export async function creditPeriodOf(api: TestApp, teamId: string) {
  const periods = await prismaOf(api).creditPeriod.findMany({
    where: { teamId },
    orderBy: { periodStart: 'desc' },
  });
  return periods[0] ?? null;
}
