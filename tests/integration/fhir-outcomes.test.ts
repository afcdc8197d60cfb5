import { randomUUID } from 'node:crypto';
import type {
  Bundle,
  CapabilityStatement,
  Observation,
  Questionnaire,
  QuestionnaireResponse,
  Resource,
} from '@medplum/fhirtypes';
import { asc, eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildPendingFhirExports } from '@/db/fhir-export-worker';
import { createApiToken } from '@/db/queries/api-tokens';
import { assignMeasure } from '@/db/queries/outcome-measures';
import { saveOwnResponse } from '@/db/queries/outcome-responses';
import { outcomeResponses } from '@/db/schema';
import type { ExportManifest } from '@/lib/fhir/bulk';
import { ADHERE_CODES } from '@/lib/fhir/codes';
import { outcomeScoreObservationId } from '@/lib/fhir/outcomes';
import { expectValidFhir } from '../support/fhir-validator';
import { buildClinicWorld, type ClinicWorld } from './helpers/clinic-world';
import { setupTestDatabase } from './helpers/database';
import { callRoute, type Answer } from './helpers/endpoints';
import type { Identity } from './helpers/identities';

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
 * Outcome measures (issue 17) through the FHIR API: Questionnaire, QuestionnaireResponse and the
 * score Observation, valid R4, equal to the stored scores, and seen by the same people as the rest
 * of the patient's record (404 for anyone else), in $everything and in the Bulk export.
 */

const db = setupTestDatabase();
let world: ClinicWorld;
type Handler = (request: never, context: never) => Promise<Response> | Response;
const handlers: Record<string, Handler> = {};
const BASE = 'http://127.0.0.1:3000/fhir/R4';
/** Patient A's completed questionnaires, as stored. */
let stored: (typeof outcomeResponses.$inferSelect)[];

beforeAll(async () => {
  world = await buildClinicWorld(db());
  handlers.metadata = (await import('@/app/fhir/R4/metadata/route')).GET as Handler;
  handlers.search = (await import('@/app/fhir/R4/[type]/route')).GET as Handler;
  handlers.read = (await import('@/app/fhir/R4/[type]/[id]/route')).GET as Handler;
  handlers.operation = (await import('@/app/fhir/R4/[type]/[id]/[operation]/route')).GET as Handler;
  handlers.export = (await import('@/app/fhir/R4/$export/route')).GET as Handler;
  handlers.status = (await import('@/app/fhir/R4/bulk-status/[job]/route')).GET as Handler;
  handlers.file = (await import('@/app/fhir/R4/bulk-files/[job]/[file]/route')).GET as Handler;

  // Patient A answers STarT Back (high risk: a psychosocial subscale and a group) and PSFS (a mean,
  // with the activities in the patient's words).
  for (const instrumentId of ['start-back', 'psfs']) {
    const assigned = await assignMeasure(
      world.physioA,
      { patientId: world.patientA.id, instrumentId, schedule: 'once' },
      world.today,
    );
    expect(assigned, instrumentId).toMatchObject({ ok: true });
  }
  const answers = {
    'start-back': Object.fromEntries([
      ...[0, 0, 0, 0, 1, 1, 1, 1].map((option, i) => [`q${i + 1}`, { option }]),
      ['q9', { option: 3 }],
    ]),
    psfs: {
      activity1: { rating: 3, activity: 'Lifting Alder’s daughter' },
      activity2: { rating: 4, activity: 'Gardening' },
    },
  };
  for (const [instrumentId, given] of Object.entries(answers)) {
    const saved = await saveOwnResponse(
      world.patientA,
      { idempotencyKey: randomUUID(), instrumentId, answers: given },
      world.today,
    );
    expect(saved, instrumentId).toMatchObject({ ok: true });
  }
  stored = await db()
    .select()
    .from(outcomeResponses)
    .where(eq(outcomeResponses.patientId, world.patientA.id))
    .orderBy(asc(outcomeResponses.instrumentId));
  expect(stored.map((r) => r.instrumentId)).toEqual(['psfs', 'start-back']);
});

async function get(
  identity: Identity,
  handler: string,
  path: string,
  params: Record<string, string>,
  headers?: Record<string, string>,
): Promise<Answer & { json: Resource; headers: Headers }> {
  let seen = new Headers();
  const wrapped = (async (request: Request, context: unknown) => {
    const response = await (handlers[handler] as (r: Request, c: unknown) => Promise<Response>)(
      request,
      context,
    );
    seen = response.headers;
    return response;
  }) as Handler;
  const request = new NextRequest(`${BASE}${path}`, { headers });
  const answer = await callRoute(identity, wrapped, request, {
    params: Promise.resolve(params),
  });
  expect(answer.outcome, answer.text.slice(0, 500)).not.toBe('crash');
  // A bulk file is NDJSON (read from `text`); a kick-off's 202 may have no body.
  const text = handler === 'file' ? '' : answer.text.trim();
  return { ...answer, headers: seen, json: (text ? JSON.parse(text) : {}) as Resource };
}

const read = (identity: Identity, type: string, id: string, headers?: Record<string, string>) =>
  get(identity, 'read', `/${type}/${id}`, { type, id }, headers);
const search = (
  identity: Identity,
  type: string,
  query: string,
  headers?: Record<string, string>,
) => get(identity, 'search', `/${type}?${query}`, { type }, headers);
const resourcesOf = (bundle: Resource) =>
  ((bundle as Bundle).entry ?? []).map((entry) => entry.resource!);

const scoreOf = (observation: Observation) =>
  observation.valueInteger ?? observation.valueQuantity?.value;

describe('FHIR outcome measures', () => {
  it('lists Questionnaire and QuestionnaireResponse in the CapabilityStatement, as served', async () => {
    const answer = await get(world.identities.signedOut, 'metadata', '/metadata', {});
    await expectValidFhir(answer.json);
    const resources = (answer.json as CapabilityStatement).rest![0]!.resource!;
    const byType = new Map(resources.map((r) => [r.type, r]));
    expect(byType.get('Questionnaire')?.interaction?.map((i) => i.code)).toEqual([
      'read',
      'search-type',
    ]);
    expect(byType.get('QuestionnaireResponse')?.searchParam?.map((p) => p.name)).toEqual([
      'patient',
      '_count',
    ]);
  });

  it('serves every questionnaire version to any signed-in caller, valid, by id and by search', async () => {
    const { patientB, physioB, admin, signedOut } = world.identities;
    for (const who of [patientB, physioB, admin]) {
      const all = await search(who, 'Questionnaire', '');
      expect(all.status, who.label).toBe(200);
      const ids = resourcesOf(all.json).map((q) => q.id);
      expect(ids).toEqual(expect.arrayContaining(['psfs-v1', 'start-back-v1']));
      const one = await read(who, 'Questionnaire', 'start-back-v1');
      expect(one.status, who.label).toBe(200);
      await expectValidFhir(one.json);
      expect((one.json as Questionnaire).copyright).toBeTruthy();
    }
    await expectValidFhir((await search(admin, 'Questionnaire', '_count=1')).json);
    expect((await read(admin, 'Questionnaire', 'start-back-v99')).status).toBe(404);
    expect((await read(signedOut, 'Questionnaire', 'psfs-v1')).status).toBe(401);
    expect((await search(admin, 'Questionnaire', 'patient=x')).status).toBe(400);
  });

  it("gives a patient's score Observations exactly their stored scores, subscales and group", async () => {
    const answer = await search(
      world.identities.physioA,
      'Observation',
      `patient=${world.patientA.id}&code=${encodeURIComponent(`${ADHERE_CODES}|start-back-score`)},psfs-score`,
    );
    expect(answer.status).toBe(200);
    await expectValidFhir(answer.json);
    const observations = resourcesOf(answer.json) as Observation[];
    const got = observations
      .map((o) => ({ code: o.code.coding![0]!.code, score: scoreOf(o), id: o.id }))
      .sort((a, b) => a.code!.localeCompare(b.code!));
    expect(got).toEqual(
      stored.map((r) => ({
        code: `${r.instrumentId}-score`,
        score: r.score,
        id: outcomeScoreObservationId(r.id),
      })),
    );
    const startBack = observations.find((o) => o.code.coding![0]!.code === 'start-back-score')!;
    expect(startBack.valueInteger).toBe(5);
    expect(startBack.component?.map((c) => c.valueInteger ?? c.valueCodeableConcept?.text)).toEqual(
      [5, 'High risk'],
    );
    expect(startBack.derivedFrom).toEqual([
      { reference: `QuestionnaireResponse/${stored[1]!.id}` },
    ]);
    // The pain code finds no outcome score.
    const pain = await search(
      world.identities.physioA,
      'Observation',
      `patient=${world.patientA.id}&code=72514-3`,
    );
    expect(resourcesOf(pain.json).some((o) => o.id!.startsWith('outcome-score-'))).toBe(false);
  });

  it('reads the responses and scores for the patient, their physio, the admin and a caseload token; 404 for anyone else', async () => {
    const { patientA, physioA, admin, patientB, physioB, signedOut } = world.identities;
    const caseload = await createApiToken(world.admin, {
      name: 'Outcome sync',
      scope: 'caseload',
      physioId: world.physioA.id,
      lifetimeDays: 30,
    });
    const otherCaseload = await createApiToken(world.admin, {
      name: 'Other sync',
      scope: 'caseload',
      physioId: world.physioB.id,
      lifetimeDays: 30,
    });
    if (!caseload.ok || !otherCaseload.ok) throw new Error('token not created');
    const bearer = { authorization: `Bearer ${caseload.value.secret}` };
    const otherBearer = { authorization: `Bearer ${otherCaseload.value.secret}` };
    const reads: [Identity, Record<string, string> | undefined][] = [
      [patientA, undefined],
      [physioA, undefined],
      [admin, undefined],
      [signedOut, bearer],
    ];
    for (const row of stored) {
      const scoreId = outcomeScoreObservationId(row.id);
      for (const [who, headers] of reads) {
        const response = await read(who, 'QuestionnaireResponse', row.id, headers);
        expect(response.status, who.label).toBe(200);
        await expectValidFhir(response.json);
        const qr = response.json as QuestionnaireResponse;
        expect(qr.questionnaire).toBe(
          `https://adhere.app/fhir/Questionnaire/${row.instrumentId}|1`,
        );
        const score = await read(who, 'Observation', scoreId, headers);
        expect(score.status, who.label).toBe(200);
        expect(scoreOf(score.json as Observation)).toBe(row.score);
      }
      for (const [who, headers] of [
        [patientB, undefined],
        [physioB, undefined],
        [signedOut, otherBearer],
      ] as const) {
        const response = await read(who, 'QuestionnaireResponse', row.id, headers);
        expect(response.status, who.label).toBe(404);
        expect(response.text).not.toContain('Alder');
        expect((await read(who, 'Observation', scoreId, headers)).status, who.label).toBe(404);
        const listed = await search(
          who,
          'QuestionnaireResponse',
          `patient=${world.patientA.id}`,
          headers,
        );
        expect(resourcesOf(listed.json), who.label).toEqual([]);
      }
    }
    for (const id of ['not-an-id', randomUUID()]) {
      expect((await read(admin, 'QuestionnaireResponse', id)).status).toBe(404);
      expect((await read(admin, 'Observation', `outcome-score-${randomUUID()}`)).status).toBe(404);
    }
    const psfs = await search(physioA, 'QuestionnaireResponse', `patient=${world.patientA.id}`);
    expect(
      resourcesOf(psfs.json)
        .map((r) => r.id)
        .sort(),
    ).toEqual(stored.map((r) => r.id).sort());
    expect(psfs.text).toContain('Lifting Alder’s daughter');
    expect((await search(physioA, 'QuestionnaireResponse', '')).status).toBe(400);
  });

  it('puts the questionnaires, responses and scores in $everything, each once and valid', async () => {
    const answer = await get(
      world.identities.physioA,
      'operation',
      `/Patient/${world.patientA.id}/$everything`,
      { type: 'Patient', id: world.patientA.id, operation: '$everything' },
    );
    expect(answer.status).toBe(200);
    await expectValidFhir(answer.json);
    const resources = resourcesOf(answer.json);
    const ofType = (type: string) => resources.filter((r) => r.resourceType === type);
    expect(
      ofType('Questionnaire')
        .map((q) => q.id)
        .sort(),
    ).toEqual(['psfs-v1', 'start-back-v1']);
    expect(ofType('QuestionnaireResponse')).toHaveLength(stored.length);
    expect(ofType('Observation').filter((o) => o.id!.startsWith('outcome-score-'))).toHaveLength(
      stored.length,
    );
  });

  it('exports Questionnaire (once) and QuestionnaireResponse in the Bulk export', async () => {
    const { admin } = world.identities;
    const kickOff = await get(
      admin,
      'export',
      '/$export?_type=Questionnaire,QuestionnaireResponse,Observation',
      {},
      { prefer: 'respond-async' },
    );
    expect(kickOff.status, kickOff.text).toBe(202);
    const job = /\/bulk-status\/([0-9a-f-]{36})$/.exec(
      kickOff.headers.get('content-location') ?? '',
    )![1]!;
    await buildPendingFhirExports(async () => db());
    const done = await get(admin, 'status', `/bulk-status/${job}`, { job });
    expect(done.status).toBe(200);
    const manifest = JSON.parse(done.text.trim()) as ExportManifest;
    const files = new Map<string, Resource[]>();
    for (const output of manifest.output) {
      const [, , name] = /\/bulk-files\/([^/]+)\/([^/]+)$/.exec(output.url)!;
      const got = await get(admin, 'file', `/bulk-files/${job}/${name}`, { job, file: name! });
      files.set(
        output.type,
        got.text
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as Resource),
      );
    }
    const questionnaires = files.get('Questionnaire')!.map((q) => q.id);
    expect(new Set(questionnaires).size).toBe(questionnaires.length);
    expect(questionnaires).toEqual(expect.arrayContaining(['psfs-v1', 'start-back-v1']));
    for (const resource of files.get('QuestionnaireResponse')!) await expectValidFhir(resource);
    expect(
      files
        .get('QuestionnaireResponse')!
        .map((r) => r.id)
        .sort(),
    ).toEqual(stored.map((r) => r.id).sort());
    const scores = files.get('Observation')!.filter((o) => o.id!.startsWith('outcome-score-'));
    expect(scores).toHaveLength(stored.length);
  });
});
