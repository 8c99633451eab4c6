import { randomUUID } from 'node:crypto';
import { type Role } from '../../src/database/generated/enums.js';
import { signedInAs } from '../support/admin-session.js';
import { type TestApp } from '../support/test-app.js';

export type Session = Awaited<ReturnType<typeof signedInAs>>;

export interface TeamBody {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  members: { userId: string; email: string; role: string }[];
}

export const uniqueName = (stem: string) => `${stem}-${randomUUID().slice(0, 8)}`;

export async function createTeam(api: TestApp, as: Session, name = uniqueName('team')): Promise<TeamBody> {
  const response = await api.http
    .post('/admin/teams')
    .set('authorization', as.authorization)
    .send({ name })
    .expect(201);
  return response.body as TeamBody;
}

export async function addMember(
  api: TestApp,
  as: Session,
  teamId: string,
  userId: string,
  role: 'team_admin' | 'member',
): Promise<void> {
  await api.http
    .post(`/admin/teams/${teamId}/members`)
    .set('authorization', as.authorization)
    .send({ userId, role })
    .expect(201);
}

/** A signed-in user of `globalRole` who holds `teamRole` in the given team (added by `owner`). */
export async function teamUser(
  api: TestApp,
  owner: Session,
  teamId: string,
  teamRole: 'team_admin' | 'member',
  globalRole: Role = teamRole,
): Promise<Session> {
  const session = await signedInAs(api, globalRole);
  await addMember(api, owner, teamId, session.user.id, teamRole);
  return session;
}

interface AuditItem {
  action: string;
  actor: { label: string | null };
  target: { type: string | null; id: string | null };
  before: unknown;
  after: unknown;
}

/** Audit events about one target, newest first. */
export async function auditOf(api: TestApp, as: Session, targetId: string): Promise<AuditItem[]> {
  const response = await api.http
    .get('/admin/audit')
    .query({ targetId, limit: 200 })
    .set('authorization', as.authorization)
    .expect(200);
  return response.body.items as AuditItem[];
}
