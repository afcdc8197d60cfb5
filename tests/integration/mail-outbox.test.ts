import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMailWorker, mailWorkerFromEnv, type MailWorkerOptions } from '@/db/mail-worker';
import { CANCELLED_DEACTIVATED, CANCELLED_LINK_USED, claimDueMail } from '@/db/outbox';
import { createAccount, setAccountActive } from '@/db/queries/accounts';
import { listMailDeliveries } from '@/db/queries/mail-deliveries';
import { addPatient } from '@/db/queries/patients';
import { issueSetPasswordLink, redeemSetPasswordLink } from '@/db/queries/set-password';
import { mailOutbox, users } from '@/db/schema';
import { smtpCredentials } from '@/lib/mail/settings';
import { createSmtpTransport } from '@/lib/mail/transport';
import { linkIn, startSmtpCatcher, type SmtpCatcher } from '../support/smtp-catcher';
import { openAnotherConnection, setupTestDatabase } from './helpers/database';
import { createUser } from './helpers/fixtures';

const getDb = setupTestDatabase();

const SECRET = 'outbox-integration-secret-0123456789abcdef';
const PUBLIC_URL = 'https://adhere.riverside.example';
const MAIL_FROM = 'Riverside Physiotherapy <adhere@riverside.example>';
const NEW_PASSWORD = 'a long and unusual passphrase 42';

let catcher: SmtpCatcher;

beforeAll(async () => {
  catcher = await startSmtpCatcher();
  // lib/env reads these on first use, which is after this hook.
  vi.stubEnv('SMTP_URL', catcher.url);
  vi.stubEnv('MAIL_FROM', MAIL_FROM);
  vi.stubEnv('NEXTAUTH_URL', PUBLIC_URL);
  vi.stubEnv('NEXTAUTH_SECRET', SECRET);
});

afterAll(async () => {
  await catcher.stop();
  vi.unstubAllEnvs();
});

beforeEach(() => {
  catcher.messages.length = 0;
});

/** The worker each app server runs, configured from SMTP_URL as at start-up. */
function serverWorker() {
  const worker = mailWorkerFromEnv({ log: () => {} });
  if (!worker) throw new Error('e-mail should be configured in this file');
  return worker;
}

/** A worker sending through another SMTP URL (a server that is down, or a slow one). */
function workerFor(url: string, overrides: Partial<MailWorkerOptions> = {}) {
  return createMailWorker({
    transport: createSmtpTransport(url),
    from: MAIL_FROM,
    clinicName: 'Riverside Physiotherapy',
    secret: SECRET,
    secrets: smtpCredentials(url),
    log: () => {},
    ...overrides,
  });
}

async function outboxRows(userId: string) {
  return getDb()
    .select()
    .from(mailOutbox)
    .where(eq(mailOutbox.recipientId, userId))
    .orderBy(mailOutbox.createdAt);
}

/** As if the retry delay had passed. */
async function makeDue(id: string) {
  await getDb()
    .update(mailOutbox)
    .set({ nextAttemptAt: sql`now()` })
    .where(eq(mailOutbox.id, id));
}

/** A mail server that is not running: its port, and a URL with credentials pointing at it. */
async function stoppedMailServer() {
  const server = await startSmtpCatcher();
  await server.stop();
  return server;
}

function tokenOf(link: string): string {
  return link.slice(link.lastIndexOf('/') + 1);
}

describe('invitations by e-mail through the outbox', () => {
  it('creating a physio queues their invitation with the account; the worker e-mails a link that works', async () => {
    const db = getDb();
    const admin = await createUser(db, { role: 'admin' });
    const created = await createAccount(admin, {
      role: 'physio',
      name: 'Jo Okafor',
      email: 'jo.okafor@riverside.example',
    });
    if (!created.ok) throw new Error('physio not created');
    const { userId, token } = created.value;

    const [queued] = await outboxRows(userId);
    expect(queued).toMatchObject({
      status: 'queued',
      purpose: 'invitation',
      toAddress: 'jo.okafor@riverside.example',
      attempts: 0,
    });
    // The link's token is a credential: it is not in the outbox in clear text.
    expect(JSON.stringify(queued)).not.toContain(token);

    expect(await serverWorker().deliverDue()).toEqual({
      sent: 1,
      retrying: 0,
      failed: 0,
      cancelled: 0,
    });
    expect(catcher.messages).toHaveLength(1);
    const [mail] = catcher.messages;
    expect(mail!.to).toBe('jo.okafor@riverside.example');
    expect(mail!.parsed.from?.text).toBe('"Riverside Physiotherapy" <adhere@riverside.example>');
    expect(mail!.subject).toBe('Your Adhere account at Riverside Physiotherapy');
    expect(mail!.text).toContain('Hello Jo Okafor,');
    expect(linkIn(mail!)).toBe(`${PUBLIC_URL}/set-password/${token}`);

    const redeemed = await redeemSetPasswordLink({
      token: tokenOf(linkIn(mail!)),
      password: NEW_PASSWORD,
      ip: '127.0.0.1',
    });
    expect(redeemed).toEqual({ ok: true, value: { email: 'jo.okafor@riverside.example' } });

    const [sent] = await outboxRows(userId);
    expect(sent).toMatchObject({ status: 'sent', sealedToken: null, attempts: 1, leaseId: null });
    expect(sent!.sentAt).toBeInstanceOf(Date);
    // Sent once: a later round has nothing to do.
    expect((await serverWorker().deliverDue()).sent).toBe(0);
    expect(catcher.messages).toHaveLength(1);
  });

  it('a physio adding a patient e-mails an invitation with no clinical content', async () => {
    const db = getDb();
    const physio = await createUser(db, { role: 'physio', name: 'Priya Physio-Name' });
    const added = await addPatient(physio, {
      name: 'Sam Carter',
      email: 'sam.carter@example.org',
      dateOfBirth: '1979-03-14',
      condition: 'L4-L5 disc herniation with sciatica',
      goal: 'Lift grandchildren without flare-ups',
    });
    if (!added.ok) throw new Error('patient not added');

    await serverWorker().deliverDue();
    expect(catcher.messages).toHaveLength(1);
    const [mail] = catcher.messages;
    expect(mail!.to).toBe('sam.carter@example.org');
    expect(linkIn(mail!)).toBe(`${PUBLIC_URL}/set-password/${added.value.token}`);
    // Name, link and clinic wording only: nothing of the record, the physio or the role.
    for (const secret of [
      'disc herniation',
      'sciatica',
      'grandchildren',
      '1979',
      'Priya',
      physio.email,
    ]) {
      expect(mail!.raw).not.toContain(secret);
    }
    expect(`${mail!.subject}\n${mail!.text}`).not.toMatch(/patient|pain|exercise|condition/i);
  });

  it('re-issuing a link e-mails it: an invitation before a password is set, "a new link" after', async () => {
    const db = getDb();
    const admin = await createUser(db, { role: 'admin' });
    const fresh = await createUser(db, { role: 'physio', withPassword: false });
    const settled = await createUser(db, { role: 'physio' });

    const first = await issueSetPasswordLink(admin, fresh.id);
    const second = await issueSetPasswordLink(admin, settled.id);
    if (!first.ok || !second.ok) throw new Error('links not issued');
    await serverWorker().deliverDue();

    const byAddress = new Map(catcher.messages.map((m) => [m.to, m]));
    expect(byAddress.get(fresh.email)?.subject).toBe(
      'Your Adhere account at Riverside Physiotherapy',
    );
    const reset = byAddress.get(settled.email);
    expect(reset?.subject).toBe(
      'A new link to set your Adhere password at Riverside Physiotherapy',
    );
    expect(reset && linkIn(reset)).toBe(`${PUBLIC_URL}/set-password/${second.value.token}`);
    expect(reset?.text).toContain('Any earlier link no longer works.');
  });

  it('never loses an account while the mail server is down: the message is retried and sent when it is back', async () => {
    const db = getDb();
    const admin = await createUser(db, { role: 'admin' });
    const down = await stoppedMailServer();
    const worker = workerFor(down.url);

    const created = await createAccount(admin, {
      role: 'physio',
      name: 'Ali Down',
      email: 'ali.down@riverside.example',
    });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const [account] = await db.select().from(users).where(eq(users.id, created.value.userId));
    expect(account?.email).toBe('ali.down@riverside.example');

    expect(await worker.deliverDue()).toMatchObject({ sent: 0, retrying: 1 });
    const [retrying] = await outboxRows(created.value.userId);
    expect(retrying).toMatchObject({ status: 'retrying', attempts: 1, leaseId: null });
    expect(retrying!.sealedToken).not.toBeNull();
    expect(retrying!.lastError).toMatch(/ECONNREFUSED/);
    // The error is kept without the mail server's credentials.
    expect(retrying!.lastError).not.toContain(down.password);
    expect(retrying!.lastError).not.toContain(down.user);
    const [{ wait } = { wait: 0 }] = await db
      .select({ wait: sql<number>`extract(epoch from ${mailOutbox.nextAttemptAt} - now())::float` })
      .from(mailOutbox)
      .where(eq(mailOutbox.id, retrying!.id));
    expect(wait).toBeGreaterThan(20);
    expect(wait).toBeLessThanOrEqual(30);

    // Not due yet: nothing is tried.
    expect(await worker.deliverDue()).toMatchObject({ sent: 0, retrying: 0 });

    const back = await startSmtpCatcher({ port: down.port });
    try {
      await makeDue(retrying!.id);
      expect(await worker.deliverDue()).toMatchObject({ sent: 1, retrying: 0 });
      expect(back.messages).toHaveLength(1);
      expect(linkIn(back.messages[0]!)).toBe(`${PUBLIC_URL}/set-password/${created.value.token}`);
      const [sent] = await outboxRows(created.value.userId);
      expect(sent).toMatchObject({
        status: 'sent',
        attempts: 2,
        lastError: null,
        sealedToken: null,
      });
    } finally {
      await back.stop();
    }
  });

  it('gives up after the maximum number of attempts and forgets the link', async () => {
    const db = getDb();
    const admin = await createUser(db, { role: 'admin' });
    const down = await stoppedMailServer();
    const worker = workerFor(down.url, { maxAttempts: 3 });
    const created = await createAccount(admin, {
      role: 'physio',
      name: 'Never Reached',
      email: 'never.reached@riverside.example',
    });
    if (!created.ok) throw new Error('not created');
    const [row] = await outboxRows(created.value.userId);

    const runs = [];
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      runs.push(await worker.deliverDue());
      await makeDue(row!.id);
    }
    expect(runs.map((r) => (r.failed ? 'failed' : r.retrying ? 'retrying' : 'other'))).toEqual([
      'retrying',
      'retrying',
      'failed',
    ]);
    const [failed] = await outboxRows(created.value.userId);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, sealedToken: null });
    expect(failed!.lastError).toMatch(/ECONNREFUSED/);
    expect((await worker.deliverDue()).failed).toBe(0);
  });

  it('does not retry a recipient the mail server refuses for good', async () => {
    const db = getDb();
    const admin = await createUser(db, { role: 'admin' });
    const strict = await startSmtpCatcher({ refuseRecipients: true });
    try {
      const created = await createAccount(admin, {
        role: 'physio',
        name: 'Typo Address',
        email: 'typo@riverside.example',
      });
      if (!created.ok) throw new Error('not created');
      expect(await workerFor(strict.url).deliverDue()).toMatchObject({ failed: 1, retrying: 0 });
      const [failed] = await outboxRows(created.value.userId);
      expect(failed).toMatchObject({ status: 'failed', attempts: 1, sealedToken: null });
      expect(failed!.lastError).toMatch(/^EENVELOPE: .*550/);
    } finally {
      await strict.stop();
    }
  });

  it('two app servers working the same outbox never send a message twice', async () => {
    const db = getDb();
    const admin = await createUser(db, { role: 'admin' });
    const count = 24;
    for (let i = 0; i < count; i += 1) {
      const created = await createAccount(admin, {
        role: 'physio',
        name: `Physio ${i}`,
        email: `race-${i}@riverside.example`,
      });
      expect(created.ok).toBe(true);
    }
    // A slow mail server, so that both servers are sending at the same time.
    const slow = await startSmtpCatcher({ delayMs: 25 });
    const other = await openAnotherConnection(db);
    try {
      const serverA = workerFor(slow.url, { batchSize: 3 });
      const serverB = workerFor(slow.url, { batchSize: 3, database: async () => other.db });
      const runs = await Promise.all([
        serverA.deliverDue(),
        serverB.deliverDue(),
        serverA.deliverDue(),
        serverB.deliverDue(),
      ]);
      const received = slow.messages.filter((m) => m.to.startsWith('race-'));
      expect(received).toHaveLength(count);
      expect(new Set(received.map((m) => m.to)).size).toBe(count);
      expect(new Set(received.map((m) => m.messageId)).size).toBe(count);
      expect(runs.reduce((sum, run) => sum + run.sent, 0)).toBe(count);
      const rows = await db
        .select({ status: mailOutbox.status, attempts: mailOutbox.attempts })
        .from(mailOutbox)
        .where(sql`${mailOutbox.toAddress} like 'race-%'`);
      expect(rows).toHaveLength(count);
      expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
    } finally {
      await other.close();
      await slow.stop();
    }
  });

  it('sends again what a server that stopped mid-send had claimed, once its lease has run out', async () => {
    const db = getDb();
    const admin = await createUser(db, { role: 'admin' });
    const created = await createAccount(admin, {
      role: 'physio',
      name: 'Interrupted Send',
      email: 'interrupted@riverside.example',
    });
    if (!created.ok) throw new Error('not created');
    const [row] = await outboxRows(created.value.userId);
    // A server claims the message and dies before it settles it.
    const claimed = await claimDueMail(db, {
      leaseId: '00000000-0000-4000-8000-00000000dead',
      leaseSeconds: 600,
      limit: 100,
      onlyId: row!.id,
    });
    expect(claimed).toHaveLength(1);
    // While the lease runs, nobody else sends it.
    expect((await serverWorker().deliverDue({ onlyId: row!.id })).sent).toBe(0);
    await makeDue(row!.id);
    expect((await serverWorker().deliverDue({ onlyId: row!.id })).sent).toBe(1);
    expect(catcher.messages.map((m) => m.to)).toEqual(['interrupted@riverside.example']);
    const [sent] = await outboxRows(created.value.userId);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('does not send a link that was replaced, nor to an account deactivated in the meantime', async () => {
    const db = getDb();
    const admin = await createUser(db, { role: 'admin' });
    const down = await stoppedMailServer();
    const replaced = await createAccount(admin, {
      role: 'physio',
      name: 'Replaced Link',
      email: 'replaced@riverside.example',
    });
    const leaving = await createAccount(admin, {
      role: 'physio',
      name: 'Leaving Soon',
      email: 'leaving@riverside.example',
    });
    if (!replaced.ok || !leaving.ok) throw new Error('not created');
    await workerFor(down.url).deliverDue();

    const newer = await issueSetPasswordLink(admin, replaced.value.userId);
    if (!newer.ok) throw new Error('no new link');
    await setAccountActive(admin, { userId: leaving.value.userId, active: false });
    for (const row of await db.select({ id: mailOutbox.id }).from(mailOutbox))
      await makeDue(row.id);

    const run = await serverWorker().deliverDue();
    expect(run.cancelled).toBe(2);
    const sentTo = catcher.messages.map((m) => m.to);
    expect(sentTo.filter((to) => to === 'replaced@riverside.example')).toHaveLength(1);
    expect(sentTo).not.toContain('leaving@riverside.example');
    const replacedMail = catcher.messages.find((m) => m.to === 'replaced@riverside.example')!;
    expect(linkIn(replacedMail)).toBe(`${PUBLIC_URL}/set-password/${newer.value.token}`);

    const [oldMail, newMail] = await outboxRows(replaced.value.userId);
    expect(oldMail).toMatchObject({ status: 'cancelled', lastError: CANCELLED_LINK_USED });
    expect(oldMail!.sealedToken).toBeNull();
    expect(newMail).toMatchObject({ status: 'sent' });
    const [leavingMail] = await outboxRows(leaving.value.userId);
    expect(leavingMail).toMatchObject({ status: 'cancelled', lastError: CANCELLED_DEACTIVATED });
  });

  it('shows the admin each invitation’s delivery state, newest first, and nobody else', async () => {
    const db = getDb();
    const admin = await createUser(db, { role: 'admin' });
    const physio = await createUser(db, { role: 'physio' });
    const down = await stoppedMailServer();
    const created = await createAccount(admin, {
      role: 'physio',
      name: 'State Shown',
      email: 'state.shown@riverside.example',
    });
    if (!created.ok) throw new Error('not created');
    const userId = created.value.userId;

    expect((await listMailDeliveries(admin, userId))?.map((d) => d.status)).toEqual(['queued']);
    await workerFor(down.url).deliverDue();
    const [retrying] = (await listMailDeliveries(admin, userId)) ?? [];
    expect(retrying).toMatchObject({ status: 'retrying', attempts: 1, purpose: 'invitation' });
    expect(retrying!.lastError).toMatch(/ECONNREFUSED/);

    await issueSetPasswordLink(admin, userId);
    await serverWorker().deliverDue();
    expect((await listMailDeliveries(admin, userId))?.map((d) => d.status)).toEqual([
      'sent',
      'cancelled',
    ]);
    const failing = await createAccount(admin, {
      role: 'physio',
      name: 'Will Fail',
      email: 'will.fail@riverside.example',
    });
    if (!failing.ok) throw new Error('not created');
    await workerFor(down.url, { maxAttempts: 1 }).deliverDue({ onlyId: undefined });
    expect((await listMailDeliveries(admin, failing.value.userId))?.map((d) => d.status)).toEqual([
      'failed',
    ]);

    expect(await listMailDeliveries(physio, userId)).toBeNull();
    const rows = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(mailOutbox)
      .where(and(eq(mailOutbox.recipientId, userId), eq(mailOutbox.status, 'sent')));
    expect(rows[0]?.n).toBe(1);
  });
});
