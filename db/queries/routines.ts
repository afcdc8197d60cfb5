import 'server-only';
import { z } from 'zod';
import type { Transaction } from '@/db/client';
import { isIsoDate, type IsoDate } from '@/lib/dates';
import { planEnd, planSave } from '@/lib/routine-versions';
import { routineSchema, type RoutineInput } from '@/lib/validation/routine';
import { invalid, notFound, ok, type Actor, type Outcome } from './actor';
import { recordAudit } from './audit';
import { withIdempotency } from './idempotency';
import { withLockedPatient, type LockedPatient } from './patient-access';
import { moveCompletions } from './routine-completions';
import {
  checkLibrary,
  closeSuperseded,
  deleteReplaced,
  endVersions,
  insertVersion,
  lockVersions,
  SaveRefused,
} from './routine-writes';

export {
  getRoutineForEditing,
  listRoutineHistory,
  resolveRoutineTemplate,
  routineHistoryOf,
  routineInForceOf,
  type EditableRoutine,
  type EditableRoutineItem,
  type ResolvedTemplate,
  type RoutineForEditing,
  type RoutineVersionSummary,
} from './routine-reads';

/*
 * A patient's programme is a chain of versions (db/schema.ts, `routines`). Saving never edits a
 * version in place, and no save or end changes what was prescribed on a day before today: the rule
 * (which dates are allowed, which version ends when, which is replaced) is lib/routine-versions.ts,
 * and this module applies what it decides, under a lock on the patient. Besides:
 *
 * - What the patient already ticked off on or after the new start date moves with the exercise:
 *   each completion goes to the first item of the new version with the same exercise, up to its
 *   times per day. Completions of exercises no longer prescribed stay on the old item (which no
 *   longer counts from that day). A same-day replacement that would leave completions on the
 *   version it replaces is refused, because replacing deletes that version and nothing the
 *   patient logged is ever deleted.
 */

const idSchema = z.guid();

export interface SavedRoutine {
  routineId: string;
  /** The version that now ends the day before the new one starts, if one was running then. */
  endedPrevious: { id: string; title: string; endDate: IsoDate } | null;
  /** Versions that had not started before today and were replaced by this one. */
  replaced: number;
  /** Completions on or after the start date that moved to the new version's items. */
  carriedOver: number;
}

const SAVE_OPERATION = 'routine.save';
const storedSaveSchema = z.object({
  patientId: z.guid(),
  routineId: z.guid(),
  endedPrevious: z.object({ id: z.guid(), title: z.string(), endDate: z.string() }).nullable(),
  replaced: z.number(),
  carriedOver: z.number(),
});

/**
 * Saves a new version of a patient's programme, starting on `input.startDate` (today by default),
 * for the physio whose patient it is. The version in force then ends the day before; see the rules
 * at the top of this file. With an idempotency key, the same form sent twice saves once.
 */
export async function saveRoutine(
  actor: Actor,
  patientId: string,
  input: RoutineInput,
  today: IsoDate,
  options: { idempotencyKey?: string } = {},
): Promise<Outcome<SavedRoutine>> {
  if (actor.role !== 'physio' || !idSchema.safeParse(patientId).success) return notFound;
  const parsed = routineSchema(() => today).safeParse(input);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    return invalid(issue?.message ?? 'Check the routine.', issue?.path.join('.') || undefined);
  }
  const routine = parsed.data;

  try {
    return await saveInTransaction(actor, patientId, routine, today, options);
  } catch (error) {
    if (error instanceof SaveRefused) return error.outcome;
    throw error;
  }
}

async function saveInTransaction(
  actor: Actor,
  patientId: string,
  routine: RoutineInput,
  today: IsoDate,
  options: { idempotencyKey?: string },
): Promise<Outcome<SavedRoutine>> {
  return withLockedPatient(actor, patientId, (tx, profile) =>
    withIdempotency(
      tx,
      {
        actor,
        key: options.idempotencyKey,
        operation: SAVE_OPERATION,
        record: (saved) => ({ patientId: profile.userId, ...saved }),
        replay: (stored) => {
          const parsed = storedSaveSchema.safeParse(stored);
          if (!parsed.success || parsed.data.patientId !== profile.userId) return null;
          const { patientId: _patient, ...saved } = parsed.data;
          return saved;
        },
      },
      () => writeVersion(tx, actor, profile, routine, today),
    ),
  );
}

/**
 * One save, already keyed: the versioning rule decides, the library is checked, then the writes,
 * the completions moving with their exercise, the replaced versions going, and the audit entry.
 */
async function writeVersion(
  tx: Transaction,
  actor: Actor,
  profile: LockedPatient,
  routine: RoutineInput,
  today: IsoDate,
): Promise<Outcome<SavedRoutine>> {
  const plan = planSave({
    versions: await lockVersions(tx, profile.userId),
    today,
    startDate: routine.startDate,
    endDate: routine.endDate,
    dischargedOn: profile.dischargedOn,
  });
  if (!plan.ok) return invalid(plan.message, plan.field);

  const refused = await checkLibrary(tx, actor, routine, plan);
  if (refused) return refused;

  await closeSuperseded(tx, profile.userId, plan);
  const created = await insertVersion(tx, actor, profile.userId, routine, plan);
  const carriedOver = await moveCompletions(tx, {
    patientId: profile.userId,
    since: routine.startDate,
    to: created.items,
  });
  await deleteReplaced(tx, plan);

  const ended = plan.ends.find((e) => e.version.id === plan.follows?.id);
  // Who changed which patient's programme and the dates; never the title, doses or notes.
  await recordAudit(tx, {
    actorId: actor.id,
    action: 'routine.saved',
    targetType: 'patient',
    targetId: profile.userId,
    ip: actor.ip,
    details: {
      routineId: created.id,
      startDate: routine.startDate,
      endDate: routine.endDate,
      previousRoutineId: plan.follows?.id ?? null,
      previousEndDate: ended?.endDate ?? null,
      replacedVersions: plan.replaces.length,
    },
  });
  return ok({
    routineId: created.id,
    endedPrevious: ended
      ? { id: ended.version.id, title: ended.version.title, endDate: ended.endDate }
      : null,
    replaced: plan.replaces.length,
    carriedOver,
  });
}

/**
 * Ends the patient's current programme on `endDate` (inclusive; today by default in the form),
 * which is today or later (lib/routine-versions.ts `planEnd`). Nothing is deleted: the version
 * keeps its history.
 */
export async function endRoutine(
  actor: Actor,
  patientId: string,
  input: { endDate: IsoDate },
  today: IsoDate,
): Promise<Outcome<{ routineId: string; title: string; endDate: IsoDate }>> {
  if (actor.role !== 'physio' || !idSchema.safeParse(patientId).success) return notFound;
  if (!isIsoDate(input.endDate)) {
    return invalid('Enter the last day of the routine as a date, e.g. 2026-05-30.', 'endDate');
  }
  return withLockedPatient(actor, patientId, async (tx, profile) => {
    const plan = planEnd({
      versions: await lockVersions(tx, profile.userId),
      today,
      endDate: input.endDate,
      dischargedOn: profile.dischargedOn,
    });
    if (!plan.ok) return invalid(plan.message, plan.field);
    const { version, endDate } = plan;
    await endVersions(tx, profile.userId, [plan]);
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'routine.ended',
      targetType: 'patient',
      targetId: profile.userId,
      ip: actor.ip,
      details: {
        routineId: version.id,
        startDate: version.startDate,
        endDate,
        previousEndDate: version.endDate,
      },
    });
    return ok({ routineId: version.id, title: version.title, endDate });
  });
}
