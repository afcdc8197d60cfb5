import { randomUUID } from 'node:crypto';
import type { Bundle, Observation, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { parse } from 'csv-parse/sync';
import { and, eq, gt, max } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { openWeeklyCsvExport } from '@/db/queries/reports';
import { auditEvents, completions, painReports, routineItems, routines } from '@/db/schema';
import { addDays, type IsoDate } from '@/lib/dates';
import { expectValidFhir } from '../support/fhir-validator';
import { buildClinicWorld, type ClinicWorld } from './helpers/clinic-world';
import { setupTestDatabase } from './helpers/database';
import { callRoute, type Answer } from './helpers/endpoints';
import { PASSWORD } from './helpers/fixtures';
import { signIn, type Identity } from './helpers/identities';

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
 * The FHIR R4 API (issue 16) over HTTP handlers as Next.js calls them, on the test database:
 * every answer is valid R4, access follows the app's rules (404 for what the caller may not see),
 * pain Observations are the pain reports and adherence Observations are the weekly CSV's rows.
 */

const db = setupTestDatabase();
let world: ClinicWorld;
/** A patient of physio A with five weeks of history: programme, completions and pain. */
let historic: {
  id: string;
  identity: Identity;
  painDays: { day: IsoDate; score: number; note: string }[];
};

const BASE = 'http://127.0.0.1:3000/fhir/R4';

type Handler = (request: never, context: never) => Promise<Response> | Response;
const handlers: Record<string, Handler> = {};

beforeAll(async () => {
  world = await buildClinicWorld(db());
  handlers.metadata = (await import('@/app/fhir/R4/metadata/route')).GET as Handler;
  handlers.search = (await import('@/app/fhir/R4/[type]/route')).GET as Handler;
  handlers.read = (await import('@/app/fhir/R4/[type]/[id]/route')).GET as Handler;
  handlers.operation = (await import('@/app/fhir/R4/[type]/[id]/[operation]/route')).GET as Handler;
  handlers.myData = (await import('@/app/api/patient/my-data/[file]/route')).GET as Handler;

  const patient = await world.patientOfA({ routineSince: addDays(world.today, -34) });
  const [item] = await db()
    .select({ id: routineItems.id })
    .from(routineItems)
    .innerJoin(routines, eq(routines.id, routineItems.routineId))
    .where(eq(routines.patientId, patient.id));
  const painDays: { day: IsoDate; score: number; note: string }[] = [];
  for (let back = 34; back >= 0; back -= 1) {
    const day = addDays(world.today, -back);
    if (back % 3 !== 0) {
      await db().insert(completions).values({
        patientId: patient.id,
        routineItemId: item!.id,
        performedOn: day,
        session: 1,
        idempotencyKey: randomUUID(),
      });
    }
    if (back % 2 === 0) {
      const entry = { day, score: back % 11, note: back % 4 === 0 ? `Alder day ${back}` : '' };
      painDays.push(entry);
      await db().insert(painReports).values({
        patientId: patient.id,
        reportedOn: day,
        score: entry.score,
        note: entry.note,
        idempotencyKey: randomUUID(),
      });
    }
  }
  historic = {
    id: patient.id,
    identity: await signIn('historic patient', patient, PASSWORD),
    painDays,
  };
});

async function get(
  identity: Identity,
  handler: keyof typeof handlers,
  path: string,
  params: Record<string, string> = {},
): Promise<Answer & { json: Resource }> {
  const request = new NextRequest(`${BASE}${path}`);
  const answer = await callRoute(identity, handlers[handler]!, request, {
    params: Promise.resolve(params),
  });
  expect(answer.outcome, answer.text.slice(0, 500)).not.toBe('crash');
  return { ...answer, json: JSON.parse(answer.text.trim()) as Resource };
}

const read = (identity: Identity, type: string, id: string) =>
  get(identity, 'read', `/${type}/${id}`, { type, id });
const search = (identity: Identity, type: string, query: string) =>
  get(identity, 'search', `/${type}?${query}`, { type });

const resourcesOf = (bundle: Resource) =>
  ((bundle as Bundle).entry ?? []).map((entry) => entry.resource!);

async function lastAuditId(): Promise<number> {
  const [row] = await db()
    .select({ id: max(auditEvents.id) })
    .from(auditEvents);
  return row?.id ?? 0;
}

describe('FHIR R4 API', () => {
  it('serves a valid CapabilityStatement to anyone', async () => {
    const answer = await get(world.identities.signedOut, 'metadata', '/metadata');
    expect(answer.status).toBe(200);
    expect(answer.json.resourceType).toBe('CapabilityStatement');
    await expectValidFhir(answer.json);
  });

  it('asks a visitor who is not signed in to sign in, with an OperationOutcome', async () => {
    const answer = await read(world.identities.signedOut, 'Patient', world.patientA.id);
    expect(answer.status).toBe(401);
    expect(answer.json.resourceType).toBe('OperationOutcome');
    expect(answer.text).not.toContain('Alder');
    await expectValidFhir(answer.json);
  });

  it('reads a patient for themselves, their physio and an admin; 404 for anyone else', async () => {
    const { patientA, patientB, physioA, physioB, admin } = world.identities;
    for (const who of [patientA, physioA, admin]) {
      const answer = await read(who, 'Patient', world.patientA.id);
      expect(answer.status, who.label).toBe(200);
      await expectValidFhir(answer.json);
      expect(answer.text).toContain('alder.patient@clinic.test');
    }
    for (const who of [patientB, physioB]) {
      const before = await lastAuditId();
      const answer = await read(who, 'Patient', world.patientA.id);
      expect(answer.status, who.label).toBe(404);
      expect((answer.json as OperationOutcome).issue[0]?.code).toBe('not-found');
      expect(answer.text).not.toContain('Alder');
      const denied = await db()
        .select()
        .from(auditEvents)
        .where(and(gt(auditEvents.id, before), eq(auditEvents.action, 'access.denied')));
      expect(denied).toHaveLength(1);
    }
    for (const id of ['not-an-id', randomUUID()]) {
      expect((await read(world.identities.admin, 'Patient', id)).status).toBe(404);
    }
  });

  it('reads every resource of $everything by its id, valid and visible to the same people', async () => {
    const everything = await get(
      world.identities.physioA,
      'operation',
      `/Patient/${historic.id}/$everything`,
      { type: 'Patient', id: historic.id, operation: '$everything' },
    );
    expect(everything.status).toBe(200);
    await expectValidFhir(everything.json);
    const resources = resourcesOf(everything.json);
    const types = new Set(resources.map((r) => r.resourceType));
    expect([...types].sort()).toEqual([
      'ActivityDefinition',
      'CarePlan',
      'Goal',
      'Observation',
      'Patient',
      'Practitioner',
      'Procedure',
    ]);
    // One of each type, read back on its own.
    const seen = new Set<string>();
    for (const resource of resources) {
      const key =
        resource.resourceType === 'Observation'
          ? `Observation ${resource.id?.startsWith('adherence-') ? 'adherence' : 'pain'}`
          : resource.resourceType;
      if (seen.has(key)) continue;
      seen.add(key);
      const own = await read(world.identities.physioA, resource.resourceType, resource.id!);
      expect(own.status, key).toBe(200);
      expect(own.json).toEqual(resource);
      await expectValidFhir(own.json);
      if (resource.resourceType !== 'ActivityDefinition') {
        // The shipped library's exercises are anyone's; the patient's records are not.
        const other = await read(world.identities.physioB, resource.resourceType, resource.id!);
        expect(other.status, `physio B reading ${key}`).toBe(404);
      }
    }
    expect(seen.size).toBe(8);
    const otherPatient = await get(
      world.identities.patientB,
      'operation',
      `/Patient/${historic.id}/$everything`,
      { type: 'Patient', id: historic.id, operation: '$everything' },
    );
    expect(otherPatient.status).toBe(404);
  });

  it("shows a physio's own exercise to them, their patients and the admin only", async () => {
    const { patientA, patientB, physioA, physioB, admin } = world.identities;
    for (const who of [patientA, physioA, admin]) {
      const answer = await read(who, 'ActivityDefinition', world.exerciseA);
      expect(answer.status, who.label).toBe(200);
      await expectValidFhir(answer.json);
    }
    for (const who of [patientB, physioB]) {
      expect((await read(who, 'ActivityDefinition', world.exerciseA)).status, who.label).toBe(404);
    }
    // The shipped library is everyone's who has a programme from it, or builds one.
    expect((await read(physioB, 'ActivityDefinition', world.libraryExerciseId)).status).toBe(200);
    const unused = await world.exerciseOfA();
    expect((await read(patientA, 'ActivityDefinition', unused)).status).toBe(404);
  });

  it("gives a patient's pain Observations exactly their pain reports", async () => {
    const answer = await search(
      world.identities.admin,
      'Observation',
      `patient=Patient/${historic.id}&code=http://loinc.org|72514-3&_count=500`,
    );
    expect(answer.status).toBe(200);
    await expectValidFhir(answer.json);
    const observations = resourcesOf(answer.json) as Observation[];
    expect(
      observations.map((o) => ({
        day: o.effectiveDateTime,
        score: o.valueInteger,
        note: o.note?.[0]?.text ?? '',
      })),
    ).toEqual(historic.painDays);
  });

  it('gives adherence Observations equal to the weekly CSV rows', async () => {
    const csv = await openWeeklyCsvExport(world.admin, {}, world.today);
    const rows = (
      parse(await new Response(csv).text(), { columns: true }) as Record<string, string>[]
    ).filter((row) => row.patient_id === historic.id);
    expect(rows.length).toBeGreaterThanOrEqual(5);

    const answer = await search(
      world.identities.physioA,
      'Observation',
      `patient=${historic.id}&code=weekly-adherence`,
    );
    await expectValidFhir(answer.json);
    const observations = resourcesOf(answer.json) as Observation[];
    expect(
      observations.map((o) => ({
        week_start: o.effectivePeriod?.start,
        prescribed_sessions: String(o.component?.[0]?.valueInteger),
        completed_sessions: String(o.component?.[1]?.valueInteger),
        adherence_pct: o.valueQuantity ? String(o.valueQuantity.value) : '',
      })),
    ).toEqual(
      rows.map((row) => ({
        week_start: row.week_start,
        prescribed_sessions: row.prescribed_sessions,
        completed_sessions: row.completed_sessions,
        adherence_pct: row.adherence_pct,
      })),
    );
  });

  it('filters Observations by date with ge/le and pages with _count and a next link', async () => {
    const from = addDays(world.today, -10);
    const to = addDays(world.today, -4);
    const answer = await search(
      world.identities.admin,
      'Observation',
      `patient=${historic.id}&code=72514-3&date=ge${from}&date=le${to}&_count=2`,
    );
    const bundle = answer.json as Bundle;
    const expected = historic.painDays.filter((p) => p.day >= from && p.day <= to);
    expect(bundle.total).toBe(expected.length);
    expect(bundle.entry).toHaveLength(2);
    const next = bundle.link?.find((l) => l.relation === 'next')?.url;
    expect(next).toBeTruthy();
    const page2 = await search(
      world.identities.admin,
      'Observation',
      new URL(next!).search.slice(1),
    );
    expect(resourcesOf(page2.json).map((r) => (r as Observation).effectiveDateTime)).toEqual(
      expected.slice(2, 4).map((p) => p.day),
    );
  });

  it('searches CarePlans by status and Patients by _id within what the caller may see', async () => {
    const plans = await search(
      world.identities.physioA,
      'CarePlan',
      `patient=${historic.id}&status=active`,
    );
    expect(resourcesOf(plans.json).map((r) => r.resourceType)).toEqual(['CarePlan']);
    const completed = await search(
      world.identities.physioA,
      'CarePlan',
      `patient=${historic.id}&status=completed`,
    );
    expect(resourcesOf(completed.json)).toEqual([]);

    const ids = `_id=${world.patientA.id},${world.patientB.id}`;
    const asPhysioA = await search(world.identities.physioA, 'Patient', ids);
    expect(resourcesOf(asPhysioA.json).map((r) => r.id)).toEqual([world.patientA.id]);
    const asAdmin = await search(world.identities.admin, 'Patient', ids);
    expect(resourcesOf(asAdmin.json)).toHaveLength(2);
    const asPatientB = await search(world.identities.patientB, 'Patient', '');
    expect(resourcesOf(asPatientB.json).map((r) => r.id)).toEqual([world.patientB.id]);
    // Another caseload's patient has, to physio B, no records at all.
    const hidden = await search(world.identities.physioB, 'Observation', `patient=${historic.id}`);
    expect(hidden.status).toBe(200);
    expect((hidden.json as Bundle).total).toBe(0);
    expect(hidden.text).not.toContain('Alder day');
  });

  it('answers bad searches with 400 OperationOutcomes, never a crash', async () => {
    const bad = [
      ['Observation', 'code=72514-3'],
      ['Observation', `patient=${historic.id}&date=2026-02-30`],
      ['Observation', `patient=${historic.id}&date=2026`],
      ['Patient', 'name=Alder'],
      ['Patient', '_count=9999'],
      ['CarePlan', `patient=${historic.id}&status=revoked`],
      ['Practitioner', ''],
    ] as const;
    for (const [type, query] of bad) {
      const answer = await search(world.identities.admin, type, query);
      expect(answer.status, `${type}?${query}`).toBe(400);
      expect(answer.json.resourceType).toBe('OperationOutcome');
      await expectValidFhir(answer.json);
    }
    expect((await search(world.identities.admin, 'Medication', '')).status).toBe(404);
    expect((await read(world.identities.admin, 'Medication', randomUUID())).status).toBe(404);
  });

  it('audits every FHIR read with who, what and which patient, and nothing clinical', async () => {
    const before = await lastAuditId();
    await read(world.identities.physioA, 'Patient', historic.id);
    await search(world.identities.physioA, 'Observation', `patient=${historic.id}`);
    const entries = await db()
      .select()
      .from(auditEvents)
      .where(and(gt(auditEvents.id, before), eq(auditEvents.action, 'export.fhir')))
      .orderBy(auditEvents.id);
    expect(
      entries.map((e) => ({ actor: e.actorId, target: e.targetId, details: e.details })),
    ).toEqual([
      {
        actor: world.physioA.id,
        target: historic.id,
        details: { interaction: 'read', type: 'Patient' },
      },
      {
        actor: world.physioA.id,
        target: historic.id,
        details: { interaction: 'search-type', type: 'Observation' },
      },
    ]);
    expect(entries.every((e) => e.ip)).toBe(true);
  });
});

describe('Download my data', () => {
  const download = async (identity: Identity, file: string) => {
    const request = new NextRequest(`http://127.0.0.1:3000/api/patient/my-data/${file}`);
    let bytes = new Uint8Array();
    let headers = new Headers();
    const answer = await callRoute(
      identity,
      async (req: Request, context: unknown) => {
        const response = await (handlers.myData as (r: Request, c: unknown) => Promise<Response>)(
          req,
          context,
        );
        headers = response.headers;
        bytes = new Uint8Array(await response.clone().arrayBuffer());
        return response;
      },
      request,
      { params: Promise.resolve({ file }) },
    );
    expect(answer.outcome, answer.text.slice(0, 300)).not.toBe('crash');
    return { ...answer, bytes, headers };
  };

  it("gives the patient their $everything Bundle, the same as their physio's", async () => {
    const before = await lastAuditId();
    const own = await download(historic.identity, 'record.fhir.json');
    expect(own.status).toBe(200);
    expect(own.headers.get('content-disposition')).toMatch(
      /^attachment; filename="adhere-my-record-/,
    );
    const bundle = JSON.parse(own.text) as Bundle;
    await expectValidFhir(bundle);
    const physio = await get(
      world.identities.physioA,
      'operation',
      `/Patient/${historic.id}/$everything`,
      { type: 'Patient', id: historic.id, operation: '$everything' },
    );
    expect(bundle.entry).toEqual((physio.json as Bundle).entry);
    const audited = await db()
      .select()
      .from(auditEvents)
      .where(and(gt(auditEvents.id, before), eq(auditEvents.actorId, historic.id)));
    expect(audited.map((e) => [e.action, e.details])).toEqual([
      ['export.fhir', { interaction: 'download', type: 'Patient' }],
    ]);
  });

  it('gives the patient their own rows of the weekly CSV, and their progress report', async () => {
    const csv = await download(historic.identity, 'weekly.csv');
    expect(csv.status).toBe(200);
    const clinic = await openWeeklyCsvExport(world.admin, {}, world.today);
    const clinicLines = (await new Response(clinic).text()).trim().split('\r\n');
    const ownLines = csv.text.trim().split('\r\n');
    expect(ownLines[0]).toBe(clinicLines[0]);
    expect(ownLines.slice(1)).toEqual(clinicLines.filter((line) => line.startsWith(historic.id)));
    expect(ownLines.length).toBeGreaterThan(5);

    const pdf = await download(historic.identity, 'progress.pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode(pdf.bytes.slice(0, 5))).toBe('%PDF-');
    const actions = await db()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.actorId, historic.id));
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['export.weekly_csv', 'export.progress_pdf']),
    );
  });

  it('is there for patients only, and only their own', async () => {
    for (const who of [world.identities.physioA, world.identities.admin]) {
      for (const file of ['record.fhir.json', 'weekly.csv', 'progress.pdf']) {
        expect((await download(who, file)).status, `${who.label} ${file}`).toBe(404);
      }
    }
    expect((await download(world.identities.signedOut, 'weekly.csv')).status).toBe(401);
    expect((await download(historic.identity, 'other.txt')).status).toBe(404);
    const other = await download(world.identities.patientB, 'record.fhir.json');
    expect(other.text).not.toContain(historic.id);
    expect(other.text).toContain(world.patientB.id);
  });
});
