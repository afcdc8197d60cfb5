import type { Bundle, OperationOutcome, Patient, Resource } from '@medplum/fhirtypes';
import { and, eq, gt, max } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiToken, listApiTokens, revokeApiToken } from '@/db/queries/api-tokens';
import { apiTokens, auditEvents, users } from '@/db/schema';
import { expectValidFhir } from '../support/fhir-validator';
import { buildClinicWorld, type ClinicWorld } from './helpers/clinic-world';
import { setupTestDatabase } from './helpers/database';
import { callRoute, type Answer } from './helpers/endpoints';

vi.mock('next/headers', async (original) =>
  (await import('./helpers/next-runtime')).mockHeaders(await original()),
);
vi.mock('next/navigation', async (original) =>
  (await import('./helpers/next-runtime')).mockNavigation(await original()),
);
vi.mock('next/cache', async (original) =>
  (await import('./helpers/next-runtime')).mockCache(await original()),
);
vi.mock('@/app/(auth)/session-claims', async (original) =>
  (await import('./helpers/next-runtime')).mockSessionClaims(await original()),
);

/*
 * Personal access tokens for the FHIR API (issue 16): a system reads with `Authorization: Bearer`,
 * within its scope, only while the token is valid, and every use is in the audit log.
 */

const db = setupTestDatabase();
let world: ClinicWorld;
type Handler = (request: never, context: never) => Promise<Response> | Response;
let readHandler: Handler;
let searchHandler: Handler;

const BASE = 'http://127.0.0.1:3000/fhir/R4';

beforeAll(async () => {
  world = await buildClinicWorld(db());
  readHandler = (await import('@/app/fhir/R4/[type]/[id]/route')).GET as Handler;
  searchHandler = (await import('@/app/fhir/R4/[type]/route')).GET as Handler;
});

async function newToken(
  input: { scope: 'clinic' } | { scope: 'caseload'; physioId: string },
  name = 'Clinic EHR',
) {
  const created = await createApiToken(world.admin, { name, lifetimeDays: 30, ...input });
  if (!created.ok) throw new Error(`token not created: ${JSON.stringify(created)}`);
  return created.value;
}

/** A read of `type/id` sent with the given Authorization header, by someone with no session. */
async function readWith(
  authorization: string,
  type: string,
  id: string,
  identity = world.identities.signedOut,
): Promise<Answer & { json: Resource }> {
  const request = new NextRequest(`${BASE}/${type}/${id}`, { headers: { authorization } });
  const answer = await callRoute(identity, readHandler, request, {
    params: Promise.resolve({ type, id }),
  });
  expect(answer.outcome, answer.text.slice(0, 300)).not.toBe('crash');
  return { ...answer, json: JSON.parse(answer.text.trim()) as Resource };
}

async function lastAuditId(): Promise<number> {
  const [row] = await db()
    .select({ id: max(auditEvents.id) })
    .from(auditEvents);
  return row?.id ?? 0;
}

const auditSince = (id: number) =>
  db().select().from(auditEvents).where(gt(auditEvents.id, id)).orderBy(auditEvents.id);

describe('API tokens', () => {
  it('shows the secret once and stores only its hash', async () => {
    const { id, secret } = await newToken({ scope: 'clinic' });
    expect(secret).toMatch(/^adhere_pat_[A-Za-z0-9_-]{43}$/);
    const [row] = await db().select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(JSON.stringify(row)).not.toContain(secret.slice('adhere_pat_'.length));
    expect(row!.secretStart).toBe(secret.slice(0, 17));
    const listed = (await listApiTokens(world.admin))!.find((token) => token.id === id)!;
    expect(listed).toMatchObject({ name: 'Clinic EHR', status: 'active', lastUsedAt: null });
    expect(JSON.stringify(listed)).not.toContain(secret.slice(17));
    expect(await listApiTokens(world.physioA)).toBeNull();
  });

  it('a clinic token reads every patient, valid FHIR, and each use is audited', async () => {
    const { id, secret } = await newToken({ scope: 'clinic' }, 'Research export');
    const before = await lastAuditId();
    for (const patient of [world.patientA, world.patientB]) {
      const answer = await readWith(`Bearer ${secret}`, 'Patient', patient.id);
      expect(answer.status).toBe(200);
      await expectValidFhir(answer.json);
    }
    const entries = await auditSince(before);
    const used = entries.filter((entry) => entry.action === 'api_token.used');
    expect(used).toHaveLength(2);
    expect(used.every((entry) => entry.targetId === id && entry.actorId === null)).toBe(true);
    const reads = entries.filter((entry) => entry.action === 'export.fhir');
    expect(reads.map((entry) => entry.targetId)).toEqual([world.patientA.id, world.patientB.id]);
    // A token is not a person: the reads are not put on the admin who made it.
    expect(reads.every((entry) => entry.actorId === null)).toBe(true);
    expect(reads[0]!.details).toMatchObject({ via: 'api_token', tokenId: id });
    expect(JSON.stringify(entries)).not.toContain(secret);
    const [row] = await db().select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(row!.lastUsedAt).not.toBeNull();
  });

  it("a caseload token reads its physio's patients only: anyone else's is 404", async () => {
    const { secret } = await newToken({ scope: 'caseload', physioId: world.physioA.id });
    expect((await readWith(`Bearer ${secret}`, 'Patient', world.patientA.id)).status).toBe(200);
    const other = await readWith(`Bearer ${secret}`, 'Patient', world.patientB.id);
    expect(other.status).toBe(404);
    expect(other.text).not.toContain('Birch');
    const request = new NextRequest(`${BASE}/Observation?patient=${world.patientB.id}`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    const search = await callRoute(world.identities.signedOut, searchHandler, request, {
      params: Promise.resolve({ type: 'Observation' }),
    });
    expect(search.status).toBe(200);
    expect((JSON.parse(search.text.trim()) as Bundle).entry ?? []).toEqual([]);
    // A search of every patient finds A's patients only.
    const everyone = await callRoute(
      world.identities.signedOut,
      searchHandler,
      new NextRequest(`${BASE}/Patient?_count=500`, {
        headers: { authorization: `Bearer ${secret}` },
      }),
      { params: Promise.resolve({ type: 'Patient' }) },
    );
    const practitioners = new Set(
      ((JSON.parse(everyone.text.trim()) as Bundle).entry ?? []).map(
        (e) => (e.resource as Patient).generalPractitioner?.[0]?.reference,
      ),
    );
    expect([...practitioners]).toEqual([`Practitioner/${world.physioA.id}`]);
  });

  it('refuses an unknown, malformed, expired or revoked token with a 401 saying why, audited', async () => {
    const expired = await newToken({ scope: 'clinic' }, 'Old EHR');
    await db()
      .update(apiTokens)
      .set({
        createdAt: new Date(Date.now() - 40 * 86_400_000),
        expiresAt: new Date(Date.now() - 1000),
      })
      .where(eq(apiTokens.id, expired.id));
    const revoked = await newToken({ scope: 'clinic' }, 'Retired EHR');
    expect(await revokeApiToken(world.admin, revoked.id)).toEqual({
      ok: true,
      value: { name: 'Retired EHR', changed: true },
    });
    // Revoking twice changes nothing; a physio cannot revoke at all.
    expect(await revokeApiToken(world.admin, revoked.id)).toMatchObject({
      value: { changed: false },
    });
    expect(await revokeApiToken(world.physioA, revoked.id)).toMatchObject({ ok: false });
    const unknown = `adhere_pat_${'x'.repeat(43)}`;

    const cases: [string, RegExp, string][] = [
      [`Bearer ${unknown}`, /not known/, 'unknown'],
      [`Basic ${Buffer.from('a:b').toString('base64')}`, /Authorization: Bearer/, 'malformed'],
      ['Bearer', /Authorization: Bearer/, 'malformed'],
      [`Bearer ${expired.secret}`, /expired/, 'expired'],
      [`Bearer ${revoked.secret}`, /revoked/, 'revoked'],
    ];
    for (const [authorization, message, refusal] of cases) {
      const before = await lastAuditId();
      const answer = await readWith(authorization, 'Patient', world.patientA.id);
      expect(answer.status, authorization).toBe(401);
      expect(answer.json.resourceType).toBe('OperationOutcome');
      expect((answer.json as OperationOutcome).issue[0]?.diagnostics).toMatch(message);
      expect(answer.text).not.toContain('Alder');
      const entries = await auditSince(before);
      expect(entries.map((entry) => [entry.action, entry.details])).toEqual([
        ['access.denied', { reason: 'token_refused', token: refusal }],
      ]);
    }
  });

  it('a token sent with a session cookie is what counts: a bad token is not rescued by the session', async () => {
    const answer = await readWith(
      `Bearer adhere_pat_${'y'.repeat(43)}`,
      'Patient',
      world.patientA.id,
      world.identities.physioA,
    );
    expect(answer.status).toBe(401);
  });

  it("stops working when its physio's account is deactivated", async () => {
    const { secret } = await newToken({ scope: 'caseload', physioId: world.physioB.id });
    expect((await readWith(`Bearer ${secret}`, 'Patient', world.patientB.id)).status).toBe(200);
    await db().update(users).set({ active: false }).where(eq(users.id, world.physioB.id));
    try {
      const answer = await readWith(`Bearer ${secret}`, 'Patient', world.patientB.id);
      expect(answer.status).toBe(401);
      expect(answer.text).toMatch(/deactivated/);
    } finally {
      await db().update(users).set({ active: true }).where(eq(users.id, world.physioB.id));
    }
  });

  it('refuses a caseload token for an account that is not an active physio', async () => {
    const created = await createApiToken(world.admin, {
      name: 'Wrong scope',
      scope: 'caseload',
      physioId: world.patientA.id,
      lifetimeDays: 30,
    });
    expect(created).toMatchObject({ ok: false, field: 'physioId' });
    const audit = await db()
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'api_token.created'), eq(auditEvents.actorId, world.admin.id)),
      );
    expect(audit.length).toBeGreaterThan(0);
  });
});
