import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ProxyTokenAuthenticator } from '../../src/modules/proxy-tokens/proxy-token.authenticator.js';
import { signedInAs } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createTeam, type Session } from '../teams/team-fixtures.js';
import { type Replica, startReplica } from './replica.js';

const REDIS_URL = 'redis://127.0.0.1:6379';

/** How long until `authenticate` on the replica refuses the token; fails the test after `limitMs`. */
async function msUntilRefused(authenticator: ProxyTokenAuthenticator, token: string, limitMs: number) {
  const started = Date.now();
  while (Date.now() - started <= limitMs) {
    if ((await authenticator.authenticate(token)) === null) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the token still authenticated after ${limitMs} ms`);
}

describe('proxy tokens across replicas sharing a database and Redis', () => {
  let a: TestApp;
  let b: Replica;
  let owner: Session;
  let onA: ProxyTokenAuthenticator;
  let onB: ProxyTokenAuthenticator;

  beforeAll(async () => {
    a = await startTestApp({ REDIS_URL });
    b = await startReplica(a, { REDIS_URL });
    owner = await signedInAs(a, 'owner');
    onA = a.app.get(ProxyTokenAuthenticator, { strict: false });
    onB = b.app.get(ProxyTokenAuthenticator, { strict: false });
  });

  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const issue = async (teamId: string) =>
    (
      await a.http
        .post(`/admin/teams/${teamId}/tokens`)
        .set('authorization', owner.authorization)
        .send({ name: 'replicated' })
        .expect(201)
    ).body as { id: string; token: string };

  it('authenticates a token issued on A at once on B, and refuses it on B within 1 s of a revoke on A', async () => {
    const team = await createTeam(a, owner);
    const issued = await issue(team.id);
    expect(await onB.authenticate(issued.token)).toMatchObject({ tokenId: issued.id, teamId: team.id });
    // B now answers from its cache; only the invalidation message can make it change its mind.
    expect(await onB.authenticate(issued.token)).not.toBeNull();
    expect(await onA.authenticate(issued.token)).not.toBeNull();

    await a.http.delete(`/admin/tokens/${issued.id}`).set('authorization', owner.authorization).expect(200);
    expect(await onA.authenticate(issued.token)).toBeNull();
    expect(await msUntilRefused(onB, issued.token, 1000)).toBeLessThanOrEqual(1000);
  });

  it('kills the old token on B within 1 s of a rotation on A, and the new one works on B at once', async () => {
    const team = await createTeam(a, owner);
    const issued = await issue(team.id);
    expect(await onB.authenticate(issued.token)).not.toBeNull();
    const rotated = await a.http
      .post(`/admin/tokens/${issued.id}/rotate`)
      .set('authorization', owner.authorization)
      .expect(201);
    expect(await onB.authenticate(rotated.body.token)).toMatchObject({ tokenId: rotated.body.id });
    await msUntilRefused(onB, issued.token, 1000);
  });

  it('stops every token of a deleted team on B within 1 s', async () => {
    const team = await createTeam(a, owner);
    const first = await issue(team.id);
    const second = await issue(team.id);
    expect(await onB.authenticate(first.token)).not.toBeNull();
    expect(await onB.authenticate(second.token)).not.toBeNull();
    await a.http.delete(`/admin/teams/${team.id}`).set('authorization', owner.authorization).expect(200);
    await msUntilRefused(onB, first.token, 1000);
    await msUntilRefused(onB, second.token, 1000);
  });

  it('lets B revoke what A has cached, too', async () => {
    const team = await createTeam(a, owner);
    const issued = await issue(team.id);
    expect(await onA.authenticate(issued.token)).not.toBeNull();
    await b.http.delete(`/admin/tokens/${issued.id}`).set('authorization', owner.authorization).expect(200);
    await msUntilRefused(onA, issued.token, 1000);
  });
});
