import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createExercise,
  getExercise,
  listExercises,
  setExerciseArchived,
  updateExercise,
} from '@/db/queries/exercises';
import { exercises, patientProfiles, routineItems, routines, type NewExercise } from '@/db/schema';
import { seedLibrary } from '@/db/seed';
import { exerciseLibrary } from '@/db/seed/exercise-library';
import type { ExerciseInput } from '@/lib/validation/exercise';
import { setupTestDatabase } from './helpers/database';
import { createPatient, createUser } from './helpers/fixtures';

const input = (overrides: Partial<ExerciseInput> = {}): ExerciseInput => ({
  name: 'Seated knee extension',
  bodyRegion: 'legs',
  instructions: '1. Sit tall on a chair.\n2. Straighten one knee slowly.',
  defaultSets: 2,
  defaultReps: 10,
  defaultHoldSeconds: null,
  mediaUrl: null,
  ...overrides,
});

const SHIPPED_COUNT = exerciseLibrary.length;
const NOT_FOUND = { ok: false, reason: 'not_found' };

describe('exercise library', () => {
  const db = setupTestDatabase();
  let shippedBridgeId: string;

  beforeAll(async () => {
    await seedLibrary(db());
    const [bridge] = await db()
      .select({ id: exercises.id })
      .from(exercises)
      .where(eq(exercises.libraryKey, 'bridge-single-leg-extension'));
    shippedBridgeId = bridge!.id;
  });

  async function created(actor: Awaited<ReturnType<typeof createUser>>, extra = {}) {
    const outcome = await createExercise(actor, input(extra));
    if (!outcome.ok) throw new Error(`not created: ${JSON.stringify(outcome)}`);
    return outcome.value.id;
  }

  it('shows a physio the shipped library and their own exercises, not a colleague’s', async () => {
    const physio = await createUser(db(), { role: 'physio', name: 'Dr Own' });
    const colleague = await createUser(db(), { role: 'physio', name: 'Dr Other' });
    const ownId = await created(physio, { name: 'Own stretch' });
    const theirsId = await created(colleague, { name: 'Their stretch' });

    const list = await listExercises(physio);
    expect(list).toHaveLength(SHIPPED_COUNT + 1);
    expect(list.map((e) => e.id)).toContain(ownId);
    expect(list.map((e) => e.id)).not.toContain(theirsId);
    expect(list.find((e) => e.id === ownId)).toMatchObject({
      name: 'Own stretch',
      shipped: false,
      editable: true,
      authorName: 'Dr Own',
      archived: false,
    });
    expect(list.find((e) => e.id === shippedBridgeId)).toMatchObject({
      name: 'Bridge with single-leg extension',
      bodyRegion: 'hips',
      shipped: true,
      editable: false,
      authorName: null,
    });
    // Alphabetical, ignoring case.
    const names = list.map((e) => e.name.toLowerCase());
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

    expect(await getExercise(physio, theirsId)).toBeNull();
    expect(await getExercise(colleague, ownId)).toBeNull();
    expect((await listExercises(colleague)).map((e) => e.id)).toEqual(
      expect.arrayContaining([theirsId, shippedBridgeId]),
    );
  });

  it('shows the author the whole exercise on its own page', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const colleague = await createUser(db(), { role: 'physio' });
    const theirsId = await created(colleague, { name: 'Private to colleague' });
    expect(await getExercise(physio, theirsId)).toBeNull();
    expect(await getExercise(colleague, theirsId)).toMatchObject({
      id: theirsId,
      name: 'Private to colleague',
      instructions: '1. Sit tall on a chair.\n2. Straighten one knee slowly.',
      editable: true,
    });
  });

  it('lets an admin read every exercise but change none; a patient sees none', async () => {
    const admin = await createUser(db(), { role: 'admin' });
    const physio = await createUser(db(), { role: 'physio', name: 'Dr Author' });
    const patient = await createPatient(db(), physio);
    const ownId = await created(physio);

    const all = await listExercises(admin);
    expect(all.find((e) => e.id === ownId)).toMatchObject({
      editable: false,
      authorName: 'Dr Author',
    });
    expect(all.filter((e) => e.shipped)).toHaveLength(SHIPPED_COUNT);
    expect(await getExercise(admin, ownId)).toMatchObject({ id: ownId, editable: false });
    expect(await updateExercise(admin, ownId, input({ name: 'Hijacked' }))).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
    expect(await setExerciseArchived(admin, ownId, true)).toMatchObject({ ok: false });
    expect(await createExercise(admin, input())).toEqual(NOT_FOUND);

    expect(await listExercises(patient)).toEqual([]);
    expect(await getExercise(patient, ownId)).toBeNull();
    expect(await getExercise(patient, shippedBridgeId)).toBeNull();
    expect(await createExercise(patient, input())).toEqual(NOT_FOUND);
    expect(await updateExercise(patient, ownId, input())).toEqual(NOT_FOUND);
    expect(await setExerciseArchived(patient, ownId, true)).toEqual(NOT_FOUND);

    const [row] = await db().select().from(exercises).where(eq(exercises.id, ownId));
    expect(row).toMatchObject({ name: 'Seated knee extension', archived: false });
  });

  it('searches by name, literally, and filters by region', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    await created(physio, { name: '100% effort_plank', bodyRegion: 'core' });

    const bridges = await listExercises(physio, { search: 'BRIDGE' });
    expect(bridges.map((e) => e.name)).toEqual(
      expect.arrayContaining(['Bridge with single-leg extension', 'Glute bridge']),
    );
    expect(bridges.every((e) => /bridge/i.test(e.name))).toBe(true);

    // LIKE wildcards typed into the search are matched as themselves.
    expect((await listExercises(physio, { search: '%' })).map((e) => e.name)).toEqual([
      '100% effort_plank',
    ]);
    expect((await listExercises(physio, { search: 'e_f' })).map((e) => e.name)).toEqual([]);
    expect((await listExercises(physio, { search: '\\' })).map((e) => e.name)).toEqual([]);

    const hips = await listExercises(physio, { region: 'hips' });
    expect(hips.length).toBeGreaterThan(0);
    expect(hips.every((e) => e.bodyRegion === 'hips')).toBe(true);
    expect(
      (await listExercises(physio, { region: 'hips', search: 'bridge' })).map((e) => e.name),
    ).toContain('Bridge with single-leg extension');
    expect(await listExercises(physio, { region: 'legs', search: 'bridge' })).toEqual([]);
  });

  it('treats a malformed id as not found', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    expect(await getExercise(physio, 'not-a-uuid')).toBeNull();
    expect(await getExercise(physio, "'; drop table exercises; --")).toBeNull();
    expect(await updateExercise(physio, 'nope', input())).toEqual(NOT_FOUND);
    expect(await setExerciseArchived(physio, '', true)).toEqual(NOT_FOUND);
    expect(await getExercise(physio, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('keeps the shipped exercises read-only', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const update = await updateExercise(physio, shippedBridgeId, input({ name: 'Mine now' }));
    expect(update).toMatchObject({ ok: false, reason: 'invalid' });
    expect(update.ok ? '' : 'message' in update ? update.message : '').toMatch(
      /Shipped exercises are read-only/,
    );
    expect(await setExerciseArchived(physio, shippedBridgeId, true)).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
    const [row] = await db().select().from(exercises).where(eq(exercises.id, shippedBridgeId));
    expect(row).toMatchObject({ name: 'Bridge with single-leg extension', archived: false });
  });

  it('gives another physio "not found" for editing or archiving an exercise', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const colleague = await createUser(db(), { role: 'physio' });
    const ownId = await created(physio, { name: 'Mine alone' });

    expect(await updateExercise(colleague, ownId, input({ name: 'Taken over' }))).toEqual(
      NOT_FOUND,
    );
    expect(await setExerciseArchived(colleague, ownId, true)).toEqual(NOT_FOUND);
    const [row] = await db().select().from(exercises).where(eq(exercises.id, ownId));
    expect(row).toMatchObject({ name: 'Mine alone', archived: false, authorId: physio.id });
  });

  it('lets the author create, edit, archive and restore their own exercise', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const id = await created(physio, { name: 'Draft', defaultHoldSeconds: 5 });
    expect(await getExercise(physio, id)).toMatchObject({
      name: 'Draft',
      defaultHoldSeconds: 5,
      shipped: false,
      editable: true,
    });

    await db()
      .update(exercises)
      .set({ updatedAt: new Date('2020-01-01T00:00:00Z') })
      .where(eq(exercises.id, id));
    const changes = input({
      name: 'Seated knee extension with band',
      bodyRegion: 'legs',
      instructions: '1. Loop a band.\n2. Straighten.',
      defaultSets: 3,
      defaultReps: 12,
      defaultHoldSeconds: null,
      mediaUrl: 'https://example.org/band',
    });
    expect(await updateExercise(physio, id, changes)).toEqual({ ok: true, value: { id } });
    const edited = await getExercise(physio, id);
    expect(edited).toMatchObject(changes);
    expect(edited!.updatedAt.getTime()).toBeGreaterThan(Date.parse('2020-01-02T00:00:00Z'));

    expect(await setExerciseArchived(physio, id, true)).toEqual({
      ok: true,
      value: { id, name: 'Seated knee extension with band', archived: true },
    });
    expect((await listExercises(physio)).map((e) => e.id)).not.toContain(id);
    expect(
      (await listExercises(physio, { includeArchived: true })).find((e) => e.id === id),
    ).toMatchObject({ archived: true, editable: true });
    expect(await getExercise(physio, id)).toMatchObject({ archived: true });
    // Still editable while archived.
    expect(await updateExercise(physio, id, changes)).toMatchObject({ ok: true });

    expect(await setExerciseArchived(physio, id, false)).toMatchObject({
      ok: true,
      value: { archived: false },
    });
    expect((await listExercises(physio)).map((e) => e.id)).toContain(id);
  });

  it('creates once when the same form is sent twice', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const key = 'exercise-form-key-1';
    const [first, second] = await Promise.all([
      createExercise(physio, input({ name: 'Twice sent' }), { idempotencyKey: key }),
      createExercise(physio, input({ name: 'Twice sent' }), { idempotencyKey: key }),
    ]);
    expect(first).toMatchObject({ ok: true });
    expect(second).toEqual(first);
    const third = await createExercise(physio, input({ name: 'Twice sent' }), {
      idempotencyKey: key,
    });
    expect(third).toEqual(first);
    const rows = await db().select().from(exercises).where(eq(exercises.authorId, physio.id));
    expect(rows).toHaveLength(1);

    // The key belongs to its user: another physio's identical key is a separate submission.
    const colleague = await createUser(db(), { role: 'physio' });
    const theirs = await createExercise(colleague, input(), { idempotencyKey: key });
    expect(theirs).toMatchObject({ ok: true });
    expect(theirs).not.toEqual(first);
  });

  it('keeps an archived exercise readable where a programme uses it', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const patient = await createPatient(db(), physio);
    const id = await created(physio, { name: 'Programme favourite' });
    const [routine] = await db()
      .insert(routines)
      .values({
        patientId: patient.id,
        createdBy: physio.id,
        title: 'Back',
        startDate: '2026-10-01',
      })
      .returning();
    await db()
      .insert(routineItems)
      .values({ routineId: routine!.id, exerciseId: id, position: 0, sets: 3, reps: 8 });

    expect(await setExerciseArchived(physio, id, true)).toMatchObject({ ok: true });

    expect(await getExercise(physio, id)).toMatchObject({
      id,
      name: 'Programme favourite',
      archived: true,
    });
    expect((await listExercises(physio)).map((e) => e.id)).not.toContain(id);
    expect((await listExercises(physio, { includeArchived: true })).map((e) => e.id)).toContain(id);
    // The programme still holds it, with the prescribed dose.
    const items = await db()
      .select({ name: exercises.name, sets: routineItems.sets })
      .from(routineItems)
      .innerJoin(exercises, eq(exercises.id, routineItems.exerciseId))
      .where(eq(routineItems.routineId, routine!.id));
    expect(items).toEqual([{ name: 'Programme favourite', sets: 3 }]);
  });

  it('lets a physio read (not change) a colleague’s exercise in their own patient’s programme', async () => {
    const author = await createUser(db(), { role: 'physio', name: 'Dr Before' });
    const successor = await createUser(db(), { role: 'physio', name: 'Dr After' });
    const patient = await createPatient(db(), author);
    const id = await created(author, { name: 'Inherited exercise' });
    const [routine] = await db()
      .insert(routines)
      .values({
        patientId: patient.id,
        createdBy: author.id,
        title: 'Back',
        startDate: '2026-10-01',
      })
      .returning();
    await db()
      .insert(routineItems)
      .values({ routineId: routine!.id, exerciseId: id, position: 0, sets: 2, reps: 10 });

    expect(await getExercise(successor, id)).toBeNull();
    // The clinic reassigns the patient.
    await db()
      .update(patientProfiles)
      .set({ physioId: successor.id })
      .where(eq(patientProfiles.userId, patient.id));

    expect(await getExercise(successor, id)).toMatchObject({
      id,
      editable: false,
      authorName: 'Dr Before',
    });
    // It is still not part of the successor's library, nor theirs to change.
    expect((await listExercises(successor)).map((e) => e.id)).not.toContain(id);
    expect(await updateExercise(successor, id, input({ name: 'Mine' }))).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
    expect(await setExerciseArchived(successor, id, true)).toMatchObject({ ok: false });
  });

  describe('the database refuses bad values on its own', () => {
    let authorId: string;
    beforeAll(async () => {
      authorId = (await createUser(db(), { role: 'physio' })).id;
    });

    const good = (): NewExercise => ({ ...input(), authorId });

    it.each<[string, Partial<NewExercise>]>([
      ['a blank name', { name: '   ' }],
      ['a 121-character name', { name: 'a'.repeat(121) }],
      ['empty instructions', { instructions: ' ' }],
      ['4,001 characters of instructions', { instructions: 'a'.repeat(4001) }],
      ['0 sets', { defaultSets: 0 }],
      ['21 sets', { defaultSets: 21 }],
      ['0 reps', { defaultReps: 0 }],
      ['101 reps', { defaultReps: 101 }],
      ['a 0-second hold', { defaultHoldSeconds: 0 }],
      ['a 601-second hold', { defaultHoldSeconds: 601 }],
      ['an http link', { mediaUrl: 'http://example.org' }],
      ['a javascript link', { mediaUrl: 'javascript:alert(1)' }],
      ['neither author nor library key', { authorId: null }],
      ['both author and library key', { libraryKey: 'custom-key' }],
    ])('refuses %s', async (_label, overrides) => {
      await expect(
        db()
          .insert(exercises)
          .values({ ...good(), ...overrides }),
      ).rejects.toThrow();
    });

    it('refuses an unknown body region and a repeated library key', async () => {
      await expect(
        db()
          .insert(exercises)
          .values({ ...good(), bodyRegion: 'neck' as never }),
      ).rejects.toThrow();
      await expect(
        db()
          .insert(exercises)
          .values({ ...good(), authorId: null, libraryKey: 'prone-press-up' }),
      ).rejects.toThrow();
    });

    it('accepts the limits themselves', async () => {
      await expect(
        db()
          .insert(exercises)
          .values({
            ...good(),
            name: 'a'.repeat(120),
            instructions: 'a'.repeat(4000),
            defaultSets: 20,
            defaultReps: 100,
            defaultHoldSeconds: 600,
            mediaUrl: 'https://example.org',
          }),
      ).resolves.toBeDefined();
    });
  });
});
