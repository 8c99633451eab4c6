import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { startWebhookReceiver, type WebhookReceiver } from '@switchyard/testing';
import pg from 'pg';
import supertest from 'supertest';
import { createApp } from '../../src/app.factory.js';
import { CreditGate } from '../../src/modules/credits/credit-gate.js';
import { NotificationOutbox } from '../../src/modules/notifications/notification-outbox.js';
import { signedInAs } from '../support/admin-session.js';
import { eventually } from '../support/eventually.js';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';
import { startTestApp } from '../support/test-app.js';

const SECRET = 'whsec-0123456789abcdef-sentinel';
const NOTIFY_ENV = {
  SWITCHYARD_ALLOW_PRIVATE_WEBHOOKS: 'true',
  SWITCHYARD_NOTIFICATION_RETRY_BASE_MS: '100',
  SWITCHYARD_NOTIFICATION_POLL_MS: '50',
  SWITCHYARD_NOTIFICATION_MAX_ATTEMPTS: '3',
  SWITCHYARD_WEBHOOK_TIMEOUT_MS: '1000',
};

const sign = (body: string, secret: string) =>
  `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

describe('notification channels', () => {
  let gw: Gateway;
  let second: NestFastifyApplication;
  let secondHttp: ReturnType<typeof supertest>;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    gw = await startGateway(NOTIFY_ENV);
    await gw.addKey('openai', 'sk-notify-1');
    // A second replica on the same database: both see the same budgets and the same outbox.
    second = await createApp({
      config: gw.api.config,
      databaseUrl: gw.api.database.url,
      logger: gw.api.logger,
    });
    await second.init();
    await second.getHttpAdapter().getInstance().ready();
    secondHttp = supertest(second.getHttpAdapter().getInstance().server);
    receiver = await startWebhookReceiver();
  });

  afterAll(async () => {
    await second?.close();
    await gw?.close();
    await receiver?.close();
  });

  const admin = () => gw.api.http;
  const create = (body: Record<string, unknown>) =>
    admin().post('/admin/notifications').set('authorization', gw.admin).send(body);
  const deliveriesOf = async (channelId: string) =>
    (
      await admin()
        .get(`/admin/notifications/${channelId}/deliveries`)
        .set('authorization', gw.admin)
        .expect(200)
    ).body as { items: { event: string; status: string; attempts: Record<string, unknown>[] }[] };

  describe('managing channels', () => {
    it('registers, lists, reads, changes and removes a channel, never showing its secret, and audits each', async () => {
      const created = await create({
        kind: 'webhook',
        url: receiver.url('/crud'),
        events: ['budget.threshold'],
        secret: SECRET,
      }).expect(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        kind: 'webhook',
        url: receiver.url('/crud'),
        events: ['budget.threshold'],
        hasSecret: true,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const id = created.body.id as string;

      const list = await admin().get('/admin/notifications').set('authorization', gw.admin).expect(200);
      expect(list.body.items.map((c: { id: string }) => c.id)).toContain(id);
      await admin().get(`/admin/notifications/${id}`).set('authorization', gw.admin).expect(200);

      const changed = await admin()
        .patch(`/admin/notifications/${id}`)
        .set('authorization', gw.admin)
        .send({ events: ['budget.exhausted', 'key.exhausted'], secret: null })
        .expect(200);
      expect(changed.body).toMatchObject({ events: ['budget.exhausted', 'key.exhausted'], hasSecret: false });

      await admin().delete(`/admin/notifications/${id}`).set('authorization', gw.admin).expect(200);
      await admin().get(`/admin/notifications/${id}`).set('authorization', gw.admin).expect(404);

      const audit = await admin()
        .get('/admin/audit')
        .query({ targetType: 'notification_channel', targetId: id })
        .set('authorization', gw.admin)
        .expect(200);
      expect(audit.body.items.map((e: { action: string }) => e.action).sort()).toEqual([
        'notification_channel.create',
        'notification_channel.delete',
        'notification_channel.update',
      ]);
      const everything = JSON.stringify([created.body, list.body, changed.body, audit.body]);
      expect(everything).not.toContain(SECRET);
      expect(
        audit.body.items.find((e: { action: string }) => e.action === 'notification_channel.create').after,
      ).toEqual({
        kind: 'webhook',
        url: receiver.url('/crud'),
        events: ['budget.threshold'],
        hasSecret: true,
      });
    });

    it('masks the credential part of a Slack URL and any query string', async () => {
      const created = await create({
        kind: 'slack',
        url: 'https://hooks.slack.example.com/services/T000/B000/very-secret-part',
        events: ['key.auth_failed'],
      }).expect(201);
      expect(created.body).toMatchObject({
        url: 'https://hooks.slack.example.com/services/T000/B000/****',
        hasSecret: false,
      });
      const withQuery = await create({
        kind: 'webhook',
        url: 'https://hooks.example.com/in?token=abc',
        events: ['key.auth_failed'],
      }).expect(201);
      expect(withQuery.body.url).toBe('https://hooks.example.com/in?****');
      for (const id of [created.body.id, withQuery.body.id])
        await admin().delete(`/admin/notifications/${id}`).set('authorization', gw.admin).expect(200);
    });

    it.each([
      [{ kind: 'email', url: 'https://x.example.com', events: ['budget.threshold'] }, 'kind'],
      [{ kind: 'webhook', url: 'ftp://x.example.com/in', events: ['budget.threshold'] }, 'url'],
      [{ kind: 'webhook', url: 'not a url', events: ['budget.threshold'] }, 'url'],
      [{ kind: 'webhook', url: 'https://user:pw@x.example.com', events: ['budget.threshold'] }, 'url'],
      [{ kind: 'webhook', url: 'http://169.254.169.254/latest', events: ['budget.threshold'] }, 'url'],
      [{ kind: 'webhook', url: 'https://x.example.com', events: [] }, 'events'],
      [{ kind: 'webhook', url: 'https://x.example.com', events: ['budget.spent'] }, 'events.0'],
      [
        { kind: 'webhook', url: 'https://x.example.com', events: ['key.exhausted', 'key.exhausted'] },
        'events.1',
      ],
      [
        { kind: 'webhook', url: 'https://x.example.com', events: ['key.exhausted'], secret: 'short' },
        'secret',
      ],
      [{ kind: 'webhook', url: 'https://x.example.com', events: ['key.exhausted'], extra: 1 }, 'extra'],
      [{ url: 'https://x.example.com', events: ['key.exhausted'] }, 'kind'],
    ])('refuses %j with a 400 naming %s', async (body, param) => {
      const response = await create(body).expect(400);
      expect(response.body.error).toMatchObject({ type: 'invalid_request_error', param });
      expect(response.body.error.message).toContain(param.split('.')[0]);
    });

    it('answers 404 for a channel that does not exist and 400 for an id that is no UUID', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      for (const path of [`/admin/notifications/${missing}`, `/admin/notifications/${missing}/deliveries`])
        expect((await admin().get(path).set('authorization', gw.admin).expect(404)).body.error.code).toBe(
          'channel_not_found',
        );
      await admin()
        .patch(`/admin/notifications/${missing}`)
        .set('authorization', gw.admin)
        .send({ events: ['key.exhausted'] })
        .expect(404);
      await admin().post(`/admin/notifications/${missing}/test`).set('authorization', gw.admin).expect(404);
      const bad = await admin().get('/admin/notifications/nope').set('authorization', gw.admin).expect(400);
      expect(bad.body.error.param).toBe('id');
    });

    it('lets an auditor read channels but not change them', async () => {
      const auditor = await signedInAs(gw.api, 'auditor');
      await admin().get('/admin/notifications').set('authorization', auditor.authorization).expect(200);
      await admin()
        .post('/admin/notifications')
        .set('authorization', auditor.authorization)
        .send({ kind: 'webhook', url: receiver.url(), events: ['key.exhausted'] })
        .expect(403);
    });
  });

  describe('delivery', () => {
    it('sends a signed test event, and retries after 500s with every attempt listed', async () => {
      const id = (
        await create({
          kind: 'webhook',
          url: receiver.url('/retry'),
          events: ['key.exhausted'],
          secret: SECRET,
        }).expect(201)
      ).body.id as string;
      receiver.answerWith('/retry', 500, 500);
      const tested = await admin()
        .post(`/admin/notifications/${id}/test`)
        .set('authorization', gw.admin)
        .expect(200);
      expect(tested.body).toMatchObject({ event: 'notification.test', status: 'pending' });
      expect(tested.body.attempts).toEqual([
        {
          attempt: 1,
          at: expect.any(String),
          statusCode: 500,
          error: expect.stringContaining('not a 2xx'),
          durationMs: expect.any(Number),
        },
      ]);

      await eventually(async () => {
        const [delivery] = (await deliveriesOf(id)).items;
        expect(delivery).toMatchObject({ status: 'delivered' });
        expect(delivery!.attempts.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([
          [1, 500, expect.any(String)],
          [2, 500, expect.any(String)],
          [3, 200, null],
        ]);
      });
      const sent = receiver.received('/retry');
      expect(sent).toHaveLength(3);
      for (const request of sent) {
        expect(request.headers['x-switchyard-signature']).toBe(sign(request.body, SECRET));
        expect(Number(request.headers['x-switchyard-timestamp'])).toBeGreaterThan(1_700_000_000);
      }
      expect(sent[0]!.json).toEqual({ event: 'notification.test', at: expect.any(String), channelId: id });

      const audit = await admin()
        .get('/admin/audit')
        .query({ action: 'notification_channel.test', targetId: id })
        .set('authorization', gw.admin)
        .expect(200);
      expect(audit.body.items).toHaveLength(1);
    });

    it('gives up after the last attempt and shows the delivery as failed', async () => {
      const id = (
        await create({ kind: 'webhook', url: receiver.url('/down'), events: ['key.exhausted'] }).expect(201)
      ).body.id as string;
      receiver.answerWith('/down', 503, 503, 503);
      await admin().post(`/admin/notifications/${id}/test`).set('authorization', gw.admin).expect(200);
      await eventually(async () => {
        const [delivery] = (await deliveriesOf(id)).items;
        expect(delivery).toMatchObject({ status: 'failed', nextAttemptAt: null });
        expect(delivery!.attempts.map((a) => a.statusCode)).toEqual([503, 503, 503]);
      });
      expect(receiver.received('/down')[0]!.headers['x-switchyard-signature']).toBeUndefined();
    });

    it('records an unreachable channel as an attempt with no status code', async () => {
      const closed = await startWebhookReceiver();
      const url = closed.url('/gone');
      await closed.close();
      const id = (await create({ kind: 'webhook', url, events: ['key.exhausted'] }).expect(201)).body
        .id as string;
      const tested = await admin()
        .post(`/admin/notifications/${id}/test`)
        .set('authorization', gw.admin)
        .expect(200);
      expect(tested.body.attempts[0]).toMatchObject({ attempt: 1, statusCode: null, error: 'ECONNREFUSED' });
      await admin().delete(`/admin/notifications/${id}`).set('authorization', gw.admin).expect(200);
    });

    it('gives up on an attempt that gets no answer within the timeout', async () => {
      receiver.delayAnswers('/sleepy', 2000);
      const id = (
        await create({ kind: 'webhook', url: receiver.url('/sleepy'), events: ['key.exhausted'] }).expect(201)
      ).body.id as string;
      const tested = await admin()
        .post(`/admin/notifications/${id}/test`)
        .set('authorization', gw.admin)
        .expect(200);
      expect(tested.body).toMatchObject({ status: 'pending' });
      expect(tested.body.attempts[0]).toMatchObject({
        attempt: 1,
        statusCode: null,
        error: 'no answer within 1000 ms',
      });
      expect(tested.body.attempts[0].durationMs).toBeGreaterThanOrEqual(1000);
      expect(tested.body.attempts[0].durationMs).toBeLessThan(2000);
      await admin().delete(`/admin/notifications/${id}`).set('authorization', gw.admin).expect(200);
    });

    it('delivers a budget crossing seen through /v1 on two replicas exactly once, signed', async () => {
      const webhook = (
        await create({
          kind: 'webhook',
          url: receiver.url('/budget'),
          events: ['budget.threshold'],
          secret: SECRET,
        }).expect(201)
      ).body.id as string;
      const slack = (
        await create({ kind: 'slack', url: receiver.url('/slack'), events: ['budget.threshold'] }).expect(201)
      ).body.id as string;
      await admin()
        .put(`/admin/teams/${gw.teamId}/budget`)
        .set('authorization', gw.admin)
        .send({ limitUsd: 0.001, period: 'monthly', alertAtPercent: 1 })
        .expect(200);
      const gates = [gw.api.app, second].map((app) => app.get(CreditGate, { strict: false }));
      const chat = (http: ReturnType<typeof supertest>) =>
        http
          .post('/v1/chat/completions')
          .set('authorization', `Bearer ${gw.token}`)
          .send({ model: 'openai/gpt-4o-mini', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
      // Spend on both replicas until the crossing is seen, then keep spending: still one notification.
      for (let round = 0; round < 40 && receiver.received('/budget').length === 0; round += 1) {
        await Promise.all([chat(gw.api.http).expect(200), chat(secondHttp).expect(200)]);
        await Promise.all(gates.map((gate) => gate.flush()));
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      await eventually(async () => expect(receiver.received('/budget')).toHaveLength(1));
      for (let round = 0; round < 3; round += 1) {
        await Promise.all([chat(gw.api.http).expect(200), chat(secondHttp).expect(200)]);
        await Promise.all(gates.map((gate) => gate.flush()));
      }
      await new Promise((resolve) => setTimeout(resolve, 500));

      const [delivered] = receiver.received('/budget');
      expect(receiver.received('/budget')).toHaveLength(1);
      expect(delivered!.headers['x-switchyard-signature']).toBe(sign(delivered!.body, SECRET));
      const team = await admin().get(`/admin/teams/${gw.teamId}`).set('authorization', gw.admin).expect(200);
      expect(delivered!.json).toEqual({
        event: 'budget.threshold',
        at: expect.any(String),
        teamId: gw.teamId,
        teamName: team.body.name,
        percent: expect.any(Number),
        spentUsd: expect.any(Number),
        limitUsd: 0.001,
        periodStart: expect.stringMatching(/^\d{4}-\d{2}-01T00:00:00\.000Z$/),
      });
      expect(delivered!.json.percent).toBeGreaterThanOrEqual(1);
      expect(Object.keys(delivered!.json)).toEqual([
        'event',
        'at',
        'teamId',
        'teamName',
        'percent',
        'spentUsd',
        'limitUsd',
        'periodStart',
      ]);

      await eventually(async () => expect(receiver.received('/slack')).toHaveLength(1));
      const [slackPost] = receiver.received('/slack');
      expect(Object.keys(slackPost!.json)).toEqual(['text']);
      expect(slackPost!.json.text).toContain(`*${team.body.name as string}*`);
      expect(slackPost!.json.text).toContain('$0.001');
      for (const id of [webhook, slack]) {
        const items = (await deliveriesOf(id)).items;
        expect(items.map((d) => [d.event, d.status])).toEqual([['budget.threshold', 'delivered']]);
      }
    });

    it('delivers a budget exhausted through /v1 on two replicas exactly once', async () => {
      await create({ kind: 'webhook', url: receiver.url('/exhausted'), events: ['budget.exhausted'] }).expect(
        201,
      );
      const teamName = `exhausted-${Date.now()}`;
      const teamId = (
        await admin().post('/admin/teams').set('authorization', gw.admin).send({ name: teamName }).expect(201)
      ).body.id as string;
      const token = (
        await admin()
          .post(`/admin/teams/${teamId}/tokens`)
          .set('authorization', gw.admin)
          .send({ name: 'exhausting' })
          .expect(201)
      ).body.token as string;
      await admin()
        .put(`/admin/teams/${teamId}/budget`)
        .set('authorization', gw.admin)
        .send({ limitUsd: 0.0002, period: 'monthly' })
        .expect(200);
      const gates = [gw.api.app, second].map((app) => app.get(CreditGate, { strict: false }));
      const chat = (http: ReturnType<typeof supertest>) =>
        http
          .post('/v1/chat/completions')
          .set('authorization', `Bearer ${token}`)
          .send({ model: 'openai/gpt-4o-mini', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
      const refusedBy = new Set<string>();
      for (let round = 0; round < 60 && refusedBy.size < 2; round += 1) {
        const [a, b] = await Promise.all([chat(gw.api.http), chat(secondHttp)]);
        if (a.status === 402) refusedBy.add('first');
        if (b.status === 402) refusedBy.add('second');
        await Promise.all(gates.map((gate) => gate.flush()));
      }
      expect([...refusedBy].sort()).toEqual(['first', 'second']);
      await eventually(async () => expect(receiver.received('/exhausted')).toHaveLength(1));
      await Promise.all([chat(gw.api.http), chat(secondHttp)]);
      await Promise.all(gates.map((gate) => gate.flush()));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(receiver.received('/exhausted')).toHaveLength(1);
      expect(receiver.received('/exhausted')[0]!.json).toMatchObject({
        event: 'budget.exhausted',
        teamId,
        teamName,
        limitUsd: 0.0002,
      });
    });

    it('makes one delivery of a crossing that both replicas hand over', async () => {
      await create({ kind: 'webhook', url: receiver.url('/both'), events: ['budget.exhausted'] }).expect(201);
      const crossing = {
        kind: 'budget.exhausted' as const,
        at: new Date(),
        teamId: gw.teamId,
        tokenId: null,
        spentMicros: 1_000n,
        limitMicros: 1_000n,
        periodStart: new Date('2030-01-01T00:00:00Z'),
      };
      const outboxes = [gw.api.app, second].map((app) => app.get(NotificationOutbox, { strict: false }));
      for (const outbox of outboxes) outbox.budgetCrossed(crossing);
      for (const outbox of outboxes) outbox.budgetCrossed({ ...crossing, at: new Date() });
      await Promise.all(outboxes.map((outbox) => outbox.settled()));
      await eventually(async () => expect(receiver.received('/both')).toHaveLength(1));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receiver.received('/both')).toHaveLength(1);
      expect(receiver.received('/both')[0]!.json).toMatchObject({
        event: 'budget.exhausted',
        percent: 100,
        spentUsd: 0.001,
        limitUsd: 0.001,
        periodStart: '2030-01-01T00:00:00.000Z',
      });
    });

    it('tells the channels about a key that fails authentication and one that runs out of quota', async () => {
      await create({
        kind: 'webhook',
        url: receiver.url('/keys'),
        events: ['key.auth_failed', 'key.exhausted'],
        secret: SECRET,
      }).expect(201);
      await admin().delete(`/admin/teams/${gw.teamId}/budget`).set('authorization', gw.admin).expect(200);
      const revoked = await gw.addKey('openai', 'sk-notify-revoked', {
        label: 'revoked one',
        tier: 'primary',
      });
      const drained = await gw.addKey('openai', 'sk-notify-drained', {
        label: 'drained one',
        tier: 'primary',
      });
      gw.mock.script('sk-notify-revoked', { failure: { type: 'auth' } });
      gw.mock.script('sk-notify-drained', { failure: { type: 'insufficient_quota' } });
      for (let i = 0; i < 12 && receiver.received('/keys').length < 2; i += 1) {
        await gw.api.http
          .post('/v1/chat/completions')
          .set('authorization', `Bearer ${gw.token}`)
          .send({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      await eventually(async () => expect(receiver.received('/keys')).toHaveLength(2));
      const byKey = new Map(receiver.received('/keys').map((r) => [r.json.keyId, r]));
      expect(byKey.get(revoked)!.json).toEqual({
        event: 'key.auth_failed',
        at: expect.any(String),
        keyId: revoked,
        keyLabel: 'revoked one',
        provider: 'openai',
        reason: 'auth',
      });
      expect(byKey.get(drained)!.json).toMatchObject({
        event: 'key.exhausted',
        keyId: drained,
        keyLabel: 'drained one',
        provider: 'openai',
        // OpenAI's 429 insufficient_quota means the account is out of credit.
        reason: 'billing',
      });
      for (const request of receiver.received('/keys')) {
        expect(request.body).not.toContain('sk-notify');
        expect(request.headers['x-switchyard-signature']).toBe(sign(request.body, SECRET));
      }
    });
  });
});

describe('channel addresses without SWITCHYARD_ALLOW_PRIVATE_WEBHOOKS', () => {
  let gw: Gateway;

  beforeAll(async () => {
    gw = await startGateway();
  });

  afterAll(async () => {
    await gw?.close();
  });

  it('refuses a channel on this machine or a private network, naming the setting', async () => {
    for (const url of ['http://127.0.0.1:9/hook', 'http://10.1.2.3/hook']) {
      const response = await gw.api.http
        .post('/admin/notifications')
        .set('authorization', gw.admin)
        .send({ kind: 'webhook', url, events: ['key.exhausted'] })
        .expect(400);
      expect(response.body.error).toMatchObject({ code: 'url_not_allowed', param: 'url' });
      expect(response.body.error.message).toContain('SWITCHYARD_ALLOW_PRIVATE_WEBHOOKS');
    }
  });
});

describe('shutdown', () => {
  it('finishes a delivery under way before the app stops, and records it', async () => {
    const receiver = await startWebhookReceiver();
    const api = await startTestApp(NOTIFY_ENV);
    try {
      const { authorization } = await signedInAs(api, 'owner');
      await api.http
        .post('/admin/notifications')
        .set('authorization', authorization)
        .send({ kind: 'webhook', url: receiver.url('/slow'), events: ['key.exhausted'] })
        .expect(201);
      receiver.delayAnswers('/slow', 700);
      const outbox = api.app.get(NotificationOutbox, { strict: false });
      outbox.keyTrouble({
        kind: 'key.exhausted',
        at: new Date(),
        keyId: '00000000-0000-4000-8000-000000000001',
        provider: 'openai',
        reason: 'billing',
      });
      await outbox.settled();
      await eventually(async () => expect(receiver.received('/slow')).toHaveLength(1));
      await api.app.close();
      const db = new pg.Client({ connectionString: api.database.url });
      await db.connect();
      try {
        const { rows } = await db.query(
          `SELECT d.status, a.attempt, a.status_code FROM notification_deliveries d
           JOIN notification_attempts a ON a.delivery_id = d.id`,
        );
        expect(rows).toEqual([{ status: 'delivered', attempt: 1, status_code: 200 }]);
      } finally {
        await db.end();
      }
    } finally {
      await api.database.drop();
      await receiver.close();
    }
  });
});
