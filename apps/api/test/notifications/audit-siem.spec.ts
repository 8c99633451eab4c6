import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startWebhookReceiver, type WebhookReceiver } from '@switchyard/testing';
import { AuditCheckpoints } from '../../src/modules/audit/audit-checkpoints.js';
import { canonicalJson } from '../../src/modules/audit/canonical-json.js';
import { signedInAs } from '../support/admin-session.js';
import { eventually } from '../support/eventually.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The key an operator gives the SIEM side too, so it can recompute every link of the copy it receives. */
const AUDIT_KEY = randomBytes(32).toString('base64');

interface AuditCopy {
  event: string;
  seq: string;
  prevHash: string;
  hash: string;
  [field: string]: unknown;
}

/** The keys the gateway derives from SWITCHYARD_AUDIT_KEY, derived the same way on the receiving side. */
const derived = (purpose: string) =>
  Buffer.from(hkdfSync('sha256', Buffer.from(AUDIT_KEY, 'base64'), Buffer.alloc(0), purpose, 32));

/** What a receiver outside the gateway does with the copies: order them, then check every link. */
function verifyChain(copies: AuditCopy[], key: Buffer): void {
  const ordered = [...copies].sort((a, b) => Number(BigInt(a.seq) - BigInt(b.seq)));
  ordered.forEach((copy, index) => {
    const { event: _event, seq: _seq, prevHash, hash, ...content } = copy;
    expect(createHmac('sha256', key).update(prevHash).update(canonicalJson(content)).digest('hex')).toBe(
      hash,
    );
    const previous = ordered[index - 1];
    if (previous) {
      expect(BigInt(copy.seq)).toBe(BigInt(previous.seq) + 1n);
      expect(prevHash).toBe(previous.hash);
    }
  });
}

describe('the audit sent to a SIEM through notification channels', () => {
  let api: TestApp;
  let receiver: WebhookReceiver;
  let owner: string;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    api = await startTestApp({
      SWITCHYARD_AUDIT_KEY: AUDIT_KEY,
      SWITCHYARD_ALLOW_PRIVATE_WEBHOOKS: 'true',
      SWITCHYARD_NOTIFICATION_POLL_MS: '50',
      SWITCHYARD_NOTIFICATION_RETRY_BASE_MS: '100',
    });
    owner = (await signedInAs(api, 'owner')).authorization;
    for (const [path, events] of [
      ['/siem', ['audit.*']],
      ['/checkpoints', ['audit.checkpoint']],
    ] as const) {
      await api.http
        .post('/admin/notifications')
        .set('authorization', owner)
        .send({ kind: 'webhook', url: receiver.url(path), events })
        .expect(201);
    }
  });

  afterAll(async () => {
    await api?.close();
    await receiver?.close();
  });

  it('sends every audit event with its chain values, and the copy verifies outside', async () => {
    for (const name of ['siem-a', 'siem-b', 'siem-c'])
      await api.http.post('/admin/teams').set('authorization', owner).send({ name }).expect(201);
    let copies: AuditCopy[] = [];
    await eventually(async () => {
      copies = receiver.received('/siem').map((request) => request.json as AuditCopy);
      expect(copies.filter((copy) => copy.action === 'team.create')).toHaveLength(3);
    });
    expect(copies.map((copy) => copy.event)).toContain('audit.team.create');
    // The second channel's creation and the three teams at least, in one unbroken stretch of the chain.
    expect(copies.length).toBeGreaterThanOrEqual(4);
    verifyChain(copies, derived('switchyard audit chain'));

    const audit = await api.http.get('/admin/audit').set('authorization', owner).expect(200);
    const stored = new Map(
      (audit.body.items as { seq: string; hash: string }[]).map((item) => [item.seq, item.hash]),
    );
    for (const copy of copies) expect(copy.hash).toBe(stored.get(copy.seq));
  });

  it('sends each signed checkpoint to the channels subscribed to audit.checkpoint', async () => {
    const written = await api.app.get(AuditCheckpoints, { strict: false }).write();
    expect(written).toBeDefined();
    let copy: Record<string, unknown> | undefined;
    await eventually(async () => {
      copy = receiver
        .received('/checkpoints')
        .map((request) => request.json)
        .find((checkpoint) => checkpoint.seq === written!.seq && checkpoint.at === written!.at);
      expect(copy).toBeDefined();
    });
    expect(copy).toEqual({ event: 'audit.checkpoint', ...written });
    const { event: _event, mac, ...fields } = copy as Record<string, unknown>;
    expect(
      createHmac('sha256', derived('switchyard audit checkpoints'))
        .update(canonicalJson(fields))
        .digest('hex'),
    ).toBe(mac);
    expect(receiver.received('/siem').some((request) => request.json.event === 'audit.checkpoint')).toBe(
      false,
    );
    const head = await api.http.get('/admin/audit?limit=1').set('authorization', owner).expect(200);
    expect(copy!.seq).toBe(head.body.items[0].seq);
    expect(copy!.hash).toBe(head.body.items[0].hash);
  });
});
