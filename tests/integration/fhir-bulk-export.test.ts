import type { OperationOutcome, Resource } from '@medplum/fhirtypes';
import { and, asc, count, eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { getDatabase } from '@/db/client';
import { CHUNKS_PER_READ, decodedChunkBytes, exportFileBytes } from '@/db/fhir-export-file';
import { buildPendingFhirExports } from '@/db/fhir-export-worker';
import { startExportThread } from '@/db/fhir-export-thread';
import { createApiToken } from '@/db/queries/api-tokens';
import { patientEverything } from '@/db/queries/fhir';
import {
  completions,
  fhirExportChunks,
  painReports,
  patientProfiles,
  routineItems,
  routines,
} from '@/db/schema';
import { addDays } from '@/lib/dates';
import type { ExportManifest } from '@/lib/fhir/bulk';
import { expectValidFhir } from '../support/fhir-validator';
import { buildClinicWorld, type ClinicWorld } from './helpers/clinic-world';
import { setupTestDatabase, testDatabaseUrl } from './helpers/database';
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
 * FHIR Bulk Data export (issue 16): kick-off (202 + Content-Location), status (202 with progress,
 * then the manifest), NDJSON files from the database, cancel; admins and clinic tokens only, and
 * a job only for whoever asked.
 */

const db = setupTestDatabase();
let world: ClinicWorld;
type Handler = (request: never, context: never) => Promise<Response> | Response;
const handlers: Record<string, Handler> = {};
const BASE = 'http://127.0.0.1:3000/fhir/R4';

beforeAll(async () => {
  world = await buildClinicWorld(db());
  handlers.system = (await import('@/app/fhir/R4/$export/route')).GET as Handler;
  handlers.patient = (await import('@/app/fhir/R4/Patient/$export/route')).GET as Handler;
  const status = await import('@/app/fhir/R4/bulk-status/[job]/route');
  handlers.status = status.GET as Handler;
  handlers.cancel = status.DELETE as Handler;
  handlers.file = (await import('@/app/fhir/R4/bulk-files/[job]/[file]/route')).GET as Handler;
});

const ASYNC = { prefer: 'respond-async' };

async function call(
  identity: Identity,
  handler: string,
  url: string,
  init: { headers?: Record<string, string>; method?: string; params?: object } = {},
): Promise<Answer & { headers: Headers }> {
  let headers = new Headers();
  const wrapped = (async (request: Request, context: unknown) => {
    const response = await (handlers[handler] as (r: Request, c: unknown) => Promise<Response>)(
      request,
      context,
    );
    headers = response.headers;
    return response;
  }) as Handler;
  const request = new NextRequest(url, { headers: init.headers, method: init.method });
  const answer = await callRoute(identity, wrapped, request, {
    params: Promise.resolve(init.params ?? {}),
  });
  expect(answer.outcome, answer.text.slice(0, 300)).not.toBe('crash');
  return { ...answer, headers };
}

async function kickOff(identity: Identity, query = '', headers: Record<string, string> = ASYNC) {
  const answer = await call(identity, 'system', `${BASE}/$export${query}`, { headers });
  const job = /\/bulk-status\/([0-9a-f-]{36})$/.exec(answer.headers.get('content-location') ?? '');
  return { answer, job: job?.[1] };
}

const status = (identity: Identity, job: string, headers?: Record<string, string>) =>
  call(identity, 'status', `${BASE}/bulk-status/${job}`, { params: { job }, headers });

async function file(identity: Identity, url: string, headers?: Record<string, string>) {
  const [, job, name] = /\/bulk-files\/([^/]+)\/([^/]+)$/.exec(url)!;
  return call(identity, 'file', url, { params: { job, file: name }, headers });
}

const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Resource);

/**
 * The export thread's entry as the app's build makes it: one module with the app's code (the `@/`
 * paths from tsconfig.json, `server-only` as in a server bundle) that Node runs in a worker.
 */
async function bundleThreadEntry(): Promise<{ url: URL; remove: () => Promise<void> }> {
  // In the checkout (ignored as .next-*), so the packages left out resolve from its node_modules.
  const outfile = path.resolve(
    '.next-test-thread',
    `export-thread-${randomBytes(4).toString('hex')}.mjs`,
  );
  await build({
    entryPoints: [path.resolve('db/fhir-export-thread-entry.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'error',
    alias: { 'server-only': path.resolve('tests/server-only-stub.ts') },
    // Never loaded on PostgreSQL (client.ts imports them only for PGlite and sign-in).
    external: ['@electric-sql/pglite', '@node-rs/argon2'],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  return { url: pathToFileURL(outfile), remove: () => rm(outfile, { force: true }) };
}

describe('FHIR Bulk Data export', () => {
  it('refuses a kick-off it cannot run, saying why', async () => {
    const { admin } = world.identities;
    const cases: [string, Record<string, string>, RegExp][] = [
      ['', {}, /respond-async/],
      ['?_since=2026-01-01T00:00:00Z', ASYNC, /_since is not supported/],
      ['?_type=Patient,Banana', ASYNC, /_type Banana/],
      ['?_outputFormat=text/csv', ASYNC, /_outputFormat/],
      ['?_elements=id', ASYNC, /_elements is not supported/],
    ];
    for (const [query, headers, message] of cases) {
      const { answer } = await kickOff(admin, query, headers);
      expect(answer.status, query).toBe(400);
      expect((JSON.parse(answer.text.trim()) as OperationOutcome).issue[0]?.diagnostics).toMatch(
        message,
      );
    }
    const patientLevel = await call(
      admin,
      'patient',
      `${BASE}/Patient/$export?_type=Practitioner`,
      {
        headers: ASYNC,
      },
    );
    expect(patientLevel.status).toBe(400);
  });

  it('is for admins only: a physio, a patient and a caseload token get 404, nobody signed in 401', async () => {
    const { physioA, patientA, signedOut } = world.identities;
    for (const who of [physioA, patientA]) {
      expect((await kickOff(who)).answer.status, who.label).toBe(404);
    }
    expect((await kickOff(signedOut)).answer.status).toBe(401);
    const caseload = await createApiToken(world.admin, {
      name: 'Caseload sync',
      scope: 'caseload',
      physioId: world.physioA.id,
      lifetimeDays: 30,
    });
    if (!caseload.ok) throw new Error('token');
    const refused = await kickOff(signedOut, '', {
      ...ASYNC,
      authorization: `Bearer ${caseload.value.secret}`,
    });
    expect(refused.answer.status).toBe(404);
  });

  it('builds the whole clinic: 202 with progress, then a manifest of valid NDJSON files', async () => {
    const { admin } = world.identities;
    const { answer, job } = await kickOff(admin);
    expect(answer.status).toBe(202);
    expect(job).toBeDefined();

    const waiting = await status(admin, job!);
    expect(waiting.status).toBe(202);
    const [patients] = await db().select({ n: count() }).from(patientProfiles);
    expect(waiting.headers.get('x-progress')).toBe(`0% (0 of ${patients!.n} patients)`);

    await buildPendingFhirExports(async () => db());
    const done = await status(admin, job!);
    expect(done.status).toBe(200);
    const manifest = JSON.parse(done.text.trim()) as ExportManifest;
    expect(manifest.requiresAccessToken).toBe(true);
    expect(manifest.request).toMatch(/\/fhir\/R4\/\$export$/);
    const types = manifest.output.map((o) => o.type);
    for (const type of [
      'Patient',
      'Practitioner',
      'CarePlan',
      'ActivityDefinition',
      'Observation',
    ]) {
      expect(types).toContain(type);
    }

    const byType = new Map<string, Resource[]>();
    for (const output of manifest.output) {
      const got = await file(admin, output.url);
      expect(got.status, output.type).toBe(200);
      expect(got.headers.get('content-type')).toBe('application/fhir+ndjson');
      const resources = lines(got.text);
      expect(resources, output.type).toHaveLength(output.count);
      expect(new Set(resources.map((r) => r.resourceType))).toEqual(new Set([output.type]));
      // Each resource once: practitioners and exercises are shared by patients but written once.
      expect(new Set(resources.map((r) => r.id)).size, output.type).toBe(resources.length);
      await expectValidFhir(resources[0]!);
      byType.set(output.type, resources);
    }
    expect(byType.get('Patient')).toHaveLength(patients!.n);
    const pain = byType.get('Observation')!.filter((o) => !o.id!.startsWith('adherence-'));
    const [reports] = await db().select({ n: count() }).from(painReports);
    expect(pain).toHaveLength(reports!.n);
  });

  it('a job is seen only by who asked; DELETE cancels it and deletes its files', async () => {
    const { admin, physioA } = world.identities;
    const { job } = await kickOff(admin, '?_type=Patient');
    await buildPendingFhirExports(async () => db());
    expect((await status(physioA, job!)).status).toBe(404);

    // A clinic token's export: only that token may poll it, not the admin's session.
    const clinic = await createApiToken(world.admin, {
      name: 'Research',
      scope: 'clinic',
      lifetimeDays: 30,
    });
    if (!clinic.ok) throw new Error('token');
    const bearer = { authorization: `Bearer ${clinic.value.secret}` };
    const byToken = await kickOff(world.identities.signedOut, '?_type=Goal', {
      ...ASYNC,
      ...bearer,
    });
    expect(byToken.answer.status).toBe(202);
    expect((await status(admin, byToken.job!)).status).toBe(404);
    expect((await status(world.identities.signedOut, byToken.job!, bearer)).status).toBe(202);

    const cancelled = await call(admin, 'cancel', `${BASE}/bulk-status/${job}`, {
      method: 'DELETE',
      params: { job },
    });
    expect(cancelled.status).toBe(202);
    expect((await status(admin, job!)).status).toBe(404);
    const chunks = await db()
      .select({ n: count() })
      .from(fhirExportChunks)
      .where(eq(fhirExportChunks.jobId, job!));
    expect(chunks[0]!.n).toBe(0);
  });

  // On PostgreSQL an app server builds exports in a worker thread whose heap is capped
  // (db/fhir-export-thread.ts), so the garbage of 1.6 M resources does not grow the server.
  it.skipIf(process.env.ADHERE_TEST_DRIVER !== 'postgres')(
    'on PostgreSQL the export thread builds it with its own pool, and stops on shutdown',
    async () => {
      const { admin } = world.identities;
      const entry = await bundleThreadEntry();
      const saved = process.env.DATABASE_URL;
      // A worker starts with a copy of the environment: this one reads the test's database.
      process.env.DATABASE_URL = testDatabaseUrl()!;
      const thread = startExportThread(entry.url);
      try {
        const { job } = await kickOff(admin);
        thread.kick();
        let done = await status(admin, job!);
        for (let tries = 0; done.status === 202 && tries < 300; tries += 1) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          done = await status(admin, job!);
        }
        expect(done.status, done.text.slice(0, 300)).toBe(200);
        const manifest = JSON.parse(done.text.trim()) as ExportManifest;
        const patientsFile = await file(
          admin,
          manifest.output.find((o) => o.type === 'Patient')!.url,
        );
        const [patients] = await db().select({ n: count() }).from(patientProfiles);
        expect(lines(patientsFile.text)).toHaveLength(patients!.n);
        const observations = manifest.output.find((o) => o.type === 'Observation')!;
        const pain = lines((await file(admin, observations.url)).text).filter(
          (o) => !o.id!.startsWith('adherence-'),
        );
        const [reports] = await db().select({ n: count() }).from(painReports);
        expect(pain).toHaveLength(reports!.n);
      } finally {
        await thread.stop();
        if (saved === undefined) delete process.env.DATABASE_URL;
        else process.env.DATABASE_URL = saved;
        await entry.remove();
      }
    },
  );

  it('two app servers building at once write every page once', async () => {
    const { admin } = world.identities;
    const { job } = await kickOff(admin, '?_type=Patient');
    // A transaction per patient: whoever claims it first holds its lease; the other leaves it alone.
    await Promise.all([
      buildPendingFhirExports(async () => db(), { pageBytes: 1 }),
      buildPendingFhirExports(async () => db(), { pageBytes: 1 }),
    ]);
    const manifest = JSON.parse((await status(admin, job!)).text.trim()) as ExportManifest;
    const patientsFile = await file(admin, manifest.output[0]!.url);
    const ids = lines(patientsFile.text).map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const [patients] = await db().select({ n: count() }).from(patientProfiles);
    expect(ids).toHaveLength(patients!.n);
  });

  it('a patient with many rows is split into many chunks, and the files equal $everything', async () => {
    const { admin } = world.identities;
    const since = addDays(world.today, -80);
    const patient = await world.patientOfA({ routineSince: since });
    // Eighty days of a long history: both sessions of every item, and a pain report with a note.
    const items = await db()
      .select({ id: routineItems.id })
      .from(routineItems)
      .innerJoin(routines, eq(routines.id, routineItems.routineId))
      .where(eq(routines.patientId, patient.id))
      .orderBy(asc(routineItems.position));
    const days = Array.from({ length: 81 }, (_, i) => addDays(since, i));
    await db()
      .insert(completions)
      .values(
        days.flatMap((day) =>
          items.flatMap((item) =>
            [1, 2].map((session) => ({
              patientId: patient.id,
              routineItemId: item.id,
              performedOn: day,
              session,
              idempotencyKey: `bulk-${item.id}-${day}-${session}`,
            })),
          ),
        ),
      );
    await db()
      .insert(painReports)
      .values(
        days.map((day, i) => ({
          patientId: patient.id,
          reportedOn: day,
          score: i % 11,
          note: `Alder: day ${i}, ${'stiff after sitting '.repeat(i % 5)}é`,
          idempotencyKey: `bulk-pain-${patient.id}-${day}`,
        })),
      );

    const { job } = await kickOff(admin);
    const chunkBytes = 2048;
    await buildPendingFhirExports(async () => db(), { chunkBytes, pageBytes: 8 * 1024 });
    const done = await status(admin, job!);
    expect(done.status).toBe(200);
    const manifest = JSON.parse(done.text.trim()) as ExportManifest;

    // Chunks: whole lines, none over the limit unless it is one line alone.
    const chunks = await db()
      .select({
        type: fhirExportChunks.type,
        lines: fhirExportChunks.lines,
        body: fhirExportChunks.body,
      })
      .from(fhirExportChunks)
      .where(and(eq(fhirExportChunks.jobId, job!)));
    for (const chunk of chunks) {
      expect(chunk.body.split('\n').length - 1).toBe(chunk.lines);
      if (Buffer.byteLength(chunk.body) > chunkBytes) expect(chunk.lines).toBe(1);
    }

    const ofPatient = (resource: Resource) =>
      resource.id === patient.id ||
      (resource as { subject?: { reference?: string } }).subject?.reference ===
        `Patient/${patient.id}`;
    const exported = new Map<string, Resource[]>();
    for (const output of manifest.output) {
      const got = await file(admin, output.url);
      exported.set(output.type, lines(got.text).filter(ofPatient));
    }
    const everything = (await patientEverything(world.admin, patient.id, world.today))!;
    const procedures = everything.filter((r) => r.resourceType === 'Procedure');
    expect(procedures.length).toBeGreaterThan(80);
    for (const type of ['Patient', 'Goal', 'CarePlan', 'Observation', 'Procedure']) {
      expect(exported.get(type) ?? [], type).toEqual(
        everything.filter((r) => r.resourceType === type),
      );
    }
    // The patient's Procedures alone fill many chunks of 2 kB.
    const procedureBytes = procedures.reduce((n, r) => n + JSON.stringify(r).length + 1, 0);
    const procedureChunks = chunks.filter((c) => c.type === 'Procedure').length;
    expect(procedureChunks).toBeGreaterThanOrEqual(Math.floor(procedureBytes / chunkBytes));
  });

  it('a file downloads as the bytes stored, the same read raw (PostgreSQL) and decoded', async () => {
    const { admin } = world.identities;
    // Thirty pain reports with notes beyond ASCII: a file of more chunks than two reads take.
    const since = addDays(world.today, -30);
    const patient = await world.patientOfA({ routineSince: since });
    await db()
      .insert(painReports)
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          patientId: patient.id,
          reportedOn: addDays(since, i),
          score: i % 11,
          note: `Zoë: day ${i}, raideur après la marche`,
          idempotencyKey: `bytes-pain-${patient.id}-${i}`,
        })),
      );
    const { job } = await kickOff(admin);
    await buildPendingFhirExports(async () => db(), { chunkBytes: 256, pageBytes: 8 * 1024 });
    const done = await status(admin, job!);
    expect(done.status).toBe(200);
    const manifest = JSON.parse(done.text.trim()) as ExportManifest;
    const stored = await db()
      .select({ type: fhirExportChunks.type, body: fhirExportChunks.body })
      .from(fhirExportChunks)
      .where(eq(fhirExportChunks.jobId, job!))
      .orderBy(asc(fhirExportChunks.type), asc(fhirExportChunks.seq));
    const storedFile = (type: string) =>
      Buffer.from(
        stored
          .filter((c) => c.type === type)
          .map((c) => c.body)
          .join(''),
      );
    const chunksOf = (type: string) => stored.filter((c) => c.type === type).length;
    expect(Math.max(...manifest.output.map((o) => chunksOf(o.type)))).toBeGreaterThan(
      2 * CHUNKS_PER_READ,
    );
    expect(stored.some((c) => Buffer.byteLength(c.body) > c.body.length)).toBe(true);

    const handle = await getDatabase();
    const collect = async (chunks: AsyncIterable<Uint8Array>) => {
      const parts: Uint8Array[] = [];
      for await (const part of chunks) parts.push(part);
      return parts;
    };
    for (const output of manifest.output) {
      const expected = storedFile(output.type);
      const got = await file(admin, output.url);
      expect(got.status).toBe(200);
      expect(Buffer.from(got.message ?? '').equals(expected), output.type).toBe(true);
      const raw = await collect(exportFileBytes(handle, job!, output.type));
      const decoded = await collect(decodedChunkBytes(handle, job!, output.type));
      expect(raw).toHaveLength(chunksOf(output.type));
      expect(Buffer.concat(raw).equals(expected), output.type).toBe(true);
      expect(Buffer.concat(decoded).equals(expected), output.type).toBe(true);
      // On PostgreSQL the chunks are postgres.js's received bytes, never strings encoded again.
      if (handle.driver === 'postgres')
        expect(raw.every((part) => Buffer.isBuffer(part))).toBe(true);
    }
  });
});
