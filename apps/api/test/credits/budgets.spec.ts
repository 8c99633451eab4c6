import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signedInAs } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMember, createTeam, creditPeriodOf, prismaOf } from './support/teams.js';

type Session = Awaited<ReturnType<typeof signedInAs>>;

describe('team budgets, spend and ledger', () => {
  let api: TestApp;
  let owner: Session;

  beforeAll(async () => {
    api = await startTestApp();
    owner = await signedInAs(api, 'owner');
  });

  afterAll(async () => {
    await api.close();
  });

  const put = (teamId: string, body: unknown, session = owner) =>
    api.http
      .put(`/admin/teams/${teamId}/budget`)
      .set('authorization', session.authorization)
      .send(body as object);
  const spend = (teamId: string, session = owner) =>
    api.http.get(`/admin/teams/${teamId}/spend`).set('authorization', session.authorization);
  const adjust = (teamId: string, body: unknown, session = owner) =>
    api.http
      .post(`/admin/teams/${teamId}/credits/adjust`)
      .set('authorization', session.authorization)
      .send(body as object);
  const ledger = (teamId: string, query: Record<string, string | number> = {}, session = owner) =>
    api.http.get(`/admin/teams/${teamId}/ledger`).query(query).set('authorization', session.authorization);

  it('shows a team without a budget as unlimited', async () => {
    const teamId = await createTeam(api);
    const response = await spend(teamId).expect(200);
    expect(response.body).toEqual({
      teamId,
      tokenId: null,
      mode: null,
      period: null,
      periodStart: null,
      periodEnd: null,
      limitUsd: null,
      spentUsd: null,
      reservedUsd: null,
      remainingUsd: null,
      alertAtPercent: null,
      alerting: false,
    });
  });

  it('sets a monthly budget on the current UTC month, and grants it in the ledger', async () => {
    const teamId = await createTeam(api);
    const response = await put(teamId, { limitUsd: 25.5, period: 'monthly', alertAtPercent: 80 }).expect(200);
    const now = new Date();
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    expect(response.body).toEqual({
      teamId,
      tokenId: null,
      mode: 'hard',
      period: 'monthly',
      periodStart: monthStart.toISOString(),
      periodEnd: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
      limitUsd: 25.5,
      spentUsd: 0,
      reservedUsd: 0,
      remainingUsd: 25.5,
      alertAtPercent: 80,
      alerting: false,
    });
    const period = await creditPeriodOf(api, teamId);
    expect(period).toMatchObject({ limit: 25_500_000n, spent: 0n, reserved: 0n });
    const team = await prismaOf(api).team.findUniqueOrThrow({ where: { id: teamId } });
    expect(team).toMatchObject({ budgetLimit: 25_500_000n, budgetPeriod: 'monthly', alertAtPercent: 80 });
    const entries = (await ledger(teamId).expect(200)).body.items;
    expect(entries).toEqual([
      expect.objectContaining({
        kind: 'grant',
        amountUsd: 25.5,
        periodId: period!.id,
        actorId: owner.user.id,
      }),
    ]);
  });

  it('moves the period limit by a raised or lowered budget, keeping adjustments, and audits each change', async () => {
    const teamId = await createTeam(api);
    await put(teamId, { limitUsd: 10, period: 'daily' }).expect(200);
    await adjust(teamId, { amountUsd: 2.5, note: 'launch week' }).expect(200);
    const raised = await put(teamId, { limitUsd: 15, period: 'daily' }).expect(200);
    expect(raised.body.limitUsd).toBe(17.5);
    const lowered = await put(teamId, { limitUsd: 1, period: 'daily' }).expect(200);
    expect(lowered.body.limitUsd).toBe(3.5);
    const kinds = (await ledger(teamId).expect(200)).body.items.map(
      (e: { kind: string; amountUsd: number }) => [e.kind, e.amountUsd],
    );
    expect(kinds).toEqual([
      ['grant', -14],
      ['grant', 5],
      ['adjustment', 2.5],
      ['grant', 10],
    ]);
    const audit = await api.http
      .get('/admin/audit')
      .query({ targetId: teamId })
      .set('authorization', owner.authorization)
      .expect(200);
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['budget.set', 'budget.set', 'credits.adjust', 'budget.set']);
    expect(audit.body.items[0]).toMatchObject({
      before: { limitUsd: 15, period: 'daily', mode: 'hard', alertAtPercent: null },
      after: { limitUsd: 1, period: 'daily', mode: 'hard', alertAtPercent: null },
    });
  });

  it('starts the period from the new budget when the kind of period changes', async () => {
    const teamId = await createTeam(api);
    await put(teamId, { limitUsd: 10, period: 'daily' }).expect(200);
    await adjust(teamId, { amountUsd: 5, note: 'extra' }).expect(200);
    const total = await put(teamId, { limitUsd: 100, period: 'total' }).expect(200);
    expect(total.body).toMatchObject({
      period: 'total',
      periodStart: new Date(0).toISOString(),
      periodEnd: null,
      limitUsd: 100,
    });
  });

  it('adjusts the period limit up and down, never below zero', async () => {
    const teamId = await createTeam(api);
    await put(teamId, { limitUsd: 1, period: 'monthly' }).expect(200);
    const down = await adjust(teamId, { amountUsd: -0.75, note: 'refund clawback' }).expect(200);
    expect(down.body).toMatchObject({ limitUsd: 0.25, remainingUsd: 0.25 });
    const tooMuch = await adjust(teamId, { amountUsd: -0.250001, note: 'x' }).expect(400);
    expect(tooMuch.body.error).toMatchObject({ code: 'limit_below_zero', param: 'amountUsd' });
    const noBudget = await adjust(await createTeam(api), { amountUsd: 1, note: 'x' }).expect(409);
    expect(noBudget.body.error.code).toBe('budget_not_set');
    const entry = (await ledger(teamId).expect(200)).body.items[0];
    expect(entry).toMatchObject({ kind: 'adjustment', amountUsd: -0.75, note: 'refund clawback' });
  });

  it('removes a budget: the team is unlimited again, its history stays', async () => {
    const teamId = await createTeam(api);
    await put(teamId, { limitUsd: 3, period: 'daily' }).expect(200);
    const removed = await api.http
      .delete(`/admin/teams/${teamId}/budget`)
      .set('authorization', owner.authorization)
      .expect(200);
    expect(removed.body).toMatchObject({ teamId, period: null, limitUsd: null });
    expect((await spend(teamId).expect(200)).body.limitUsd).toBeNull();
    expect((await ledger(teamId).expect(200)).body.items).toHaveLength(1);
    const audit = await api.http
      .get('/admin/audit')
      .query({ targetId: teamId, action: 'budget.remove' })
      .set('authorization', owner.authorization)
      .expect(200);
    expect(audit.body.items[0].before).toEqual({
      limitUsd: 3,
      period: 'daily',
      mode: 'hard',
      alertAtPercent: null,
    });
    // Removing a budget that is not there changes nothing and writes nothing.
    await api.http
      .delete(`/admin/teams/${teamId}/budget`)
      .set('authorization', owner.authorization)
      .expect(200);
    const again = await api.http
      .get('/admin/audit')
      .query({ targetId: teamId, action: 'budget.remove' })
      .set('authorization', owner.authorization)
      .expect(200);
    expect(again.body.items).toHaveLength(1);
  });

  it('pages the ledger newest first with an opaque cursor', async () => {
    const teamId = await createTeam(api);
    await put(teamId, { limitUsd: 1, period: 'total' }).expect(200);
    for (let i = 1; i <= 4; i += 1) await adjust(teamId, { amountUsd: i, note: `top-up ${i}` }).expect(200);
    const first = await ledger(teamId, { limit: 2 }).expect(200);
    expect(first.body.items.map((e: { amountUsd: number }) => e.amountUsd)).toEqual([4, 3]);
    const second = await ledger(teamId, { limit: 2, cursor: first.body.nextCursor }).expect(200);
    expect(second.body.items.map((e: { amountUsd: number }) => e.amountUsd)).toEqual([2, 1]);
    const third = await ledger(teamId, { limit: 2, cursor: second.body.nextCursor }).expect(200);
    expect(third.body).toEqual({
      items: [expect.objectContaining({ kind: 'grant', amountUsd: 1 })],
      nextCursor: null,
    });
    const bad = await ledger(teamId, { cursor: 'garbage' }).expect(400);
    expect(bad.body.error.param).toBe('cursor');
  });

  it('answers 404 for unknown and deleted teams, 400 for a malformed id', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await spend(missing).expect(404)).body.error.code).toBe('team_not_found');
    await put(missing, { limitUsd: 1, period: 'daily' }).expect(404);
    const deleted = await createTeam(api);
    await prismaOf(api).team.update({ where: { id: deleted }, data: { deletedAt: new Date() } });
    await put(deleted, { limitUsd: 1, period: 'daily' }).expect(404);
    expect((await spend('not-a-uuid').expect(400)).body.error.param).toBe('teamId');
  });

  it('refuses invalid budgets with 400 naming the field', async () => {
    const teamId = await createTeam(api);
    const cases: [unknown, string][] = [
      [{ period: 'daily' }, 'limitUsd'],
      [{ limitUsd: '10', period: 'daily' }, 'limitUsd'],
      [{ limitUsd: -1, period: 'daily' }, 'limitUsd'],
      [{ limitUsd: 1e9 + 1, period: 'daily' }, 'limitUsd'],
      [{ limitUsd: 0.1234567, period: 'daily' }, 'limitUsd'],
      [{ limitUsd: 1 }, 'period'],
      [{ limitUsd: 1, period: 'weekly' }, 'period'],
      [{ limitUsd: 1, period: 'daily', alertAtPercent: 0 }, 'alertAtPercent'],
      [{ limitUsd: 1, period: 'daily', alertAtPercent: 101 }, 'alertAtPercent'],
      [{ limitUsd: 1, period: 'daily', alertAtPercent: 50.5 }, 'alertAtPercent'],
    ];
    for (const [body, param] of cases) {
      const response = await put(teamId, body).expect(400);
      expect([JSON.stringify(body), response.body.error.param]).toEqual([JSON.stringify(body), param]);
    }
    // Unknown fields are refused; the shared validation pipe names them in the message.
    const unknown = await put(teamId, { limitUsd: 1, period: 'daily', currency: 'EUR' }).expect(400);
    expect(unknown.body.error.message).toContain('currency');
    await put(teamId, { limitUsd: 1e9, period: 'daily', alertAtPercent: 100 }).expect(200);
    await put(teamId, { limitUsd: 0, period: 'daily' }).expect(200);
    await put(teamId, { limitUsd: 0.000001, period: 'daily' }).expect(200);
  });

  it('refuses invalid adjustments with 400 naming the field', async () => {
    const teamId = await createTeam(api);
    await put(teamId, { limitUsd: 1, period: 'daily' }).expect(200);
    const cases: [unknown, string][] = [
      [{ note: 'x' }, 'amountUsd'],
      [{ amountUsd: 0, note: 'x' }, 'amountUsd'],
      [{ amountUsd: 1.0000001, note: 'x' }, 'amountUsd'],
      [{ amountUsd: -2e9, note: 'x' }, 'amountUsd'],
      [{ amountUsd: 1 }, 'note'],
      [{ amountUsd: 1, note: '   ' }, 'note'],
      [{ amountUsd: 1, note: 'x'.repeat(501) }, 'note'],
    ];
    for (const [body, param] of cases) {
      const response = await adjust(teamId, body).expect(400);
      expect([JSON.stringify(body).slice(0, 60), response.body.error.param]).toEqual([
        JSON.stringify(body).slice(0, 60),
        param,
      ]);
    }
    const unknown = await adjust(teamId, { amountUsd: 1, note: 'x', by: 'me' }).expect(400);
    expect(unknown.body.error.message).toContain('"by"');
  });

  describe('roles', () => {
    let teamId: string;
    let otherTeamId: string;
    let auditor: Session;
    let member: Session;
    let teamAdmin: Session;

    beforeAll(async () => {
      teamId = await createTeam(api);
      otherTeamId = await createTeam(api);
      await put(teamId, { limitUsd: 5, period: 'monthly' }).expect(200);
      await put(otherTeamId, { limitUsd: 7, period: 'monthly' }).expect(200);
      auditor = await signedInAs(api, 'auditor');
      member = await signedInAs(api, 'member');
      teamAdmin = await signedInAs(api, 'team_admin');
      await addMember(api, teamId, member.user.id, 'member');
      await addMember(api, teamId, teamAdmin.user.id, 'team_admin');
    });

    it('lets an auditor read any spend and ledger but change nothing', async () => {
      expect((await spend(otherTeamId, auditor).expect(200)).body.limitUsd).toBe(7);
      await ledger(otherTeamId, {}, auditor).expect(200);
      const denied = await put(teamId, { limitUsd: 1, period: 'daily' }, auditor).expect(403);
      expect(denied.body.error.code).toBe('forbidden');
      await adjust(teamId, { amountUsd: 1, note: 'x' }, auditor).expect(403);
      await api.http
        .delete(`/admin/teams/${teamId}/budget`)
        .set('authorization', auditor.authorization)
        .expect(403);
    });

    it('lets team members read their own team only, and answers 404 for another team', async () => {
      for (const session of [member, teamAdmin]) {
        expect((await spend(teamId, session).expect(200)).body.limitUsd).toBe(5);
        await ledger(teamId, {}, session).expect(200);
        const hidden = await spend(otherTeamId, session).expect(404);
        expect(hidden.body.error.code).toBe('team_not_found');
        await ledger(otherTeamId, {}, session).expect(404);
      }
    });

    it('does not let team_admin or member set, adjust or remove budgets, even on their own team', async () => {
      for (const session of [member, teamAdmin]) {
        await put(teamId, { limitUsd: 1000, period: 'daily' }, session).expect(403);
        await adjust(teamId, { amountUsd: 1000, note: 'mine' }, session).expect(403);
        await api.http
          .delete(`/admin/teams/${teamId}/budget`)
          .set('authorization', session.authorization)
          .expect(403);
      }
      expect((await spend(teamId).expect(200)).body.limitUsd).toBe(5);
    });

    it('hides a deleted team from its own members', async () => {
      const gone = await createTeam(api);
      await addMember(api, gone, member.user.id, 'member');
      await spend(gone, member).expect(200);
      await prismaOf(api).team.update({ where: { id: gone }, data: { deletedAt: new Date() } });
      await spend(gone, member).expect(404);
      await spend(gone).expect(200);
    });
  });
});
