import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, type Executor } from '@/db/client';
import { outcomeResponses, outcomeSkips, patientProfiles } from '@/db/schema';
import type { IsoDate } from '@/lib/dates';
import type { Definition } from '@/lib/outcome-measures/definition';
import { dueMeasures } from '@/lib/outcome-measures/due';
import { namesActivities, prepareResponse } from '@/lib/outcome-measures/response';
import type { OutcomeResponseInput } from '@/lib/validation/outcome-measures';
import { invalid, notFound, ok, type Actor, type Outcome } from './actor';
import { withIdempotency } from './idempotency';
import { withLockedPatient } from './patient-access';
import {
  currentDefinition,
  dueInputsFor,
  firstProgrammeStart,
  loadDefinitions,
} from './outcome-measures';

/**
 * The patient's side of outcome measures: what is due for them today, answering it, and "not
 * today". Only the signed-in patient, about themselves.
 */

export interface DueQuestionnaire {
  definition: Definition;
  /** PSFS after the baseline: the activities named then, to rate again. */
  baselineActivities: Record<string, string> | null;
}

async function baselineActivities(
  db: Executor,
  patientId: string,
  instrumentId: string,
): Promise<Record<string, string> | null> {
  const [first] = await db
    .select({ activities: outcomeResponses.activities })
    .from(outcomeResponses)
    .where(
      and(
        eq(outcomeResponses.patientId, patientId),
        eq(outcomeResponses.instrumentId, instrumentId),
      ),
    )
    .orderBy(asc(outcomeResponses.answeredOn), asc(outcomeResponses.createdAt))
    .limit(1);
  return first?.activities ?? null;
}

async function dueFor(db: Executor, patientId: string, dischargedOn: IsoDate | null, day: IsoDate) {
  const [inputs, programmeStart] = await Promise.all([
    dueInputsFor(db, patientId),
    firstProgrammeStart(db, patientId),
  ]);
  return dueMeasures({ day, ...inputs, programmeStart, dischargedOn });
}

/** The questionnaires the signed-in patient has to answer today, minus those put off for today. */
export async function getOwnDueQuestionnaires(
  actor: Actor,
  today: IsoDate,
): Promise<DueQuestionnaire[]> {
  if (actor.role !== 'patient') return [];
  const db = await getDb();
  const [profile] = await db
    .select({ dischargedOn: patientProfiles.dischargedOn })
    .from(patientProfiles)
    .where(eq(patientProfiles.userId, actor.id));
  if (!profile) return [];
  const [due, definitions] = await Promise.all([
    dueFor(db, actor.id, profile.dischargedOn, today),
    loadDefinitions(db),
  ]);
  const questionnaires: DueQuestionnaire[] = [];
  for (const measure of due) {
    if (measure.skippedToday) continue;
    const definition = currentDefinition(definitions, measure.instrumentId);
    if (!definition) continue;
    questionnaires.push({
      definition,
      baselineActivities: namesActivities(definition)
        ? await baselineActivities(db, actor.id, definition.id)
        : null,
    });
  }
  return questionnaires;
}

export interface SavedResponse {
  responseId: string;
  instrumentId: string;
  name: string;
  score: number;
  bandLabel: string | null;
}

const storedSchema = z.object({
  responseId: z.string(),
  instrumentId: z.string(),
  name: z.string(),
  score: z.number(),
  bandLabel: z.string().nullable(),
});

const NOT_DUE = 'This questionnaire is not due today, so nothing was saved.';

/**
 * Saves the signed-in patient's answers to a due questionnaire, scored now with the version it was
 * answered on (the score is stored and never recomputed). The idempotency key is claimed first,
 * under a lock on the patient: a retry after a dropped connection gets the first result back and
 * writes nothing.
 */
export async function saveOwnResponse(
  actor: Actor,
  input: OutcomeResponseInput,
  today: IsoDate,
): Promise<Outcome<SavedResponse>> {
  if (actor.role !== 'patient') return notFound;
  return withLockedPatient(actor, actor.id, (tx, profile) =>
    withIdempotency(
      tx,
      {
        actor,
        key: input.idempotencyKey,
        operation: 'outcome_response',
        replay: (stored) => {
          const parsed = storedSchema.safeParse(stored);
          return parsed.success && parsed.data.instrumentId === input.instrumentId
            ? parsed.data
            : null;
        },
      },
      async () => {
        const due = await dueFor(tx, profile.userId, profile.dischargedOn, today);
        const measure = due.find((d) => d.instrumentId === input.instrumentId);
        const definition = currentDefinition(await loadDefinitions(tx), input.instrumentId);
        if (!measure || !definition) return invalid(NOT_DUE);
        const prepared = prepareResponse(
          definition,
          input.answers,
          namesActivities(definition)
            ? await baselineActivities(tx, profile.userId, definition.id)
            : null,
        );
        if (!prepared.ok) return invalid(prepared.message, 'answers');
        const { result } = prepared.value;
        const [row] = await tx
          .insert(outcomeResponses)
          .values({
            patientId: profile.userId,
            assignmentId: measure.assignmentIds[0]!,
            instrumentId: definition.id,
            definitionVersion: definition.version,
            answeredOn: today,
            answers: prepared.value.answers,
            score: result.score,
            subscales: result.subscales,
            bandId: result.band?.id ?? null,
            activities: prepared.value.activities,
            idempotencyKey: input.idempotencyKey,
          })
          .returning({ id: outcomeResponses.id });
        return ok({
          responseId: row!.id,
          instrumentId: definition.id,
          name: definition.name,
          score: result.score,
          bandLabel: result.band?.label ?? null,
        });
      },
    ),
  );
}

/** "Not today": the questionnaire is hidden until tomorrow and stays due. */
export async function skipOwnMeasure(
  actor: Actor,
  instrumentId: string,
  today: IsoDate,
): Promise<Outcome> {
  if (actor.role !== 'patient') return notFound;
  return withLockedPatient(actor, actor.id, async (tx, profile) => {
    const due = await dueFor(tx, profile.userId, profile.dischargedOn, today);
    const measure = due.find((d) => d.instrumentId === instrumentId);
    if (!measure) return invalid('This questionnaire is not due today.');
    await tx
      .insert(outcomeSkips)
      .values(
        measure.assignmentIds.map((assignmentId) => ({
          patientId: profile.userId,
          assignmentId,
          skippedOn: today,
        })),
      )
      .onConflictDoNothing();
    return ok(undefined);
  });
}
