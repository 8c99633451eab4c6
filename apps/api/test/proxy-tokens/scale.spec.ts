import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { signedInAs } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createTeam, type Session, type TeamBody, teamUser } from '../teams/team-fixtures.js';

const TOKENS = 100_000;
const TEAMS = 50;
const PAGES = 8;

interface ListedToken {
  id: string;
  teamId: string;
  createdAt: string;
  revokedAt: string | null;
}

describe('token lists at 100k tokens', () => {
  let api: TestApp;
  let owner: Session;
  let teams: TeamBody[];

  beforeAll(async () => {
    api = await startTestApp();
    owner = await signedInAs(api, 'owner');
    teams = [];
    for (let i = 0; i < TEAMS; i += 1) teams.push(await createTeam(api, owner));
    const client = new pg.Client({ connectionString: api.database.url });
    await client.connect();
    try {
      // One in four revoked; every three tokens share a creation instant, so pages split ties.
      await client.query(
        `INSERT INTO proxy_tokens (id, team_id, name, hash, prefix, created_at, revoked_at)
       SELECT gen_random_uuid(), ($1::uuid[])[1 + i % $2], 'bulk-' || i, md5(i::text) || md5((i + 1)::text), 'sy-bulk',
              now() - ((i / 3) * interval '1 minute'), CASE WHEN i % 4 = 0 THEN now() ELSE NULL END
       FROM generate_series(1, $3) AS i`,
        [teams.map((t) => t.id), TEAMS, TOKENS],
      );
      await client.query('ANALYZE proxy_tokens');
    } finally {
      await client.end();
    }
  }, 120_000);

  afterAll(async () => {
    await api.close();
  });

  /** Walks the first pages of a list; each must be full and strictly newest first. Speed is benchmarked, not timed here. */
  async function walk(path: string, session: Session, query: Record<string, string> = {}) {
    const seen: ListedToken[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < PAGES; page += 1) {
      const response = await api.http
        .get(path)
        .query({ ...query, limit: 200, ...(cursor ? { cursor } : {}) })
        .set('authorization', session.authorization)
        .expect(200);
      expect(response.body.items).toHaveLength(200);
      seen.push(...(response.body.items as ListedToken[]));
      cursor = response.body.nextCursor;
      expect(cursor).toEqual(expect.any(String));
    }
    expect(new Set(seen.map((t) => t.id)).size).toBe(seen.length);
    for (let i = 1; i < seen.length; i += 1) {
      const [newer, older] = [seen[i - 1]!, seen[i]!];
      const order =
        Date.parse(newer.createdAt) - Date.parse(older.createdAt) || newer.id.localeCompare(older.id);
      expect(order).toBeGreaterThan(0);
    }
    return seen;
  }

  it('pages the organisation-wide list without skipping or repeating a token', async () => {
    const live = await walk('/admin/tokens', owner);
    expect(live.every((t) => t.revokedAt === null)).toBe(true);
    const all = await walk('/admin/tokens', owner, { includeRevoked: 'true' });
    expect(all.some((t) => t.revokedAt !== null)).toBe(true);
  });

  it("pages one team's list, and a team_admin's list of their own teams", async () => {
    const one = await walk(`/admin/teams/${teams[7]!.id}/tokens`, owner, { includeRevoked: 'true' });
    expect(one.every((t) => t.teamId === teams[7]!.id)).toBe(true);
    const admin = await teamUser(api, owner, teams[1]!.id, 'team_admin');
    await api.http
      .post(`/admin/teams/${teams[2]!.id}/members`)
      .set('authorization', owner.authorization)
      .send({ userId: admin.user.id, role: 'member' })
      .expect(201);
    const mine = await walk('/admin/tokens', admin);
    expect(new Set(mine.map((t) => t.teamId))).toEqual(new Set([teams[1]!.id, teams[2]!.id]));
  });
});
