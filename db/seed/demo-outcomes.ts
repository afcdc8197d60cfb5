import { randomUUID } from 'node:crypto';
import type { Executor } from '@/db/client';
import { outcomeAssignments, outcomeResponses } from '@/db/schema';
import { addDays, type IsoDate } from '@/lib/dates';
import { SHIPPED } from '@/lib/outcome-measures';
import type { Answers } from '@/lib/outcome-measures/answers';
import { prepareResponse } from '@/lib/outcome-measures/response';
import type { OutcomeSchedule } from '@/lib/outcome-measures/schedules';

/**
 * Outcome measures for the demo clinic, scored by the engine as a real save would be: the demo
 * patient answered PSFS five weeks ago and two weeks ago (a clinically important improvement) and
 * STarT Back five weeks ago (medium risk), with nothing due now; a second patient of the same
 * physio has a STarT Back questionnaire waiting for six days, so the caseload shows "Outcome due".
 */

const sbst = (items: number[], q9: number): Answers => {
  const answers: Answers = {};
  items.forEach((agree, i) => (answers[`q${i + 1}`] = { option: agree }));
  answers.q9 = { option: q9 };
  return answers;
};

export async function seedDemoOutcomes(
  tx: Executor,
  options: {
    today: IsoDate;
    physioId: string;
    demoPatientId: string;
    waitingPatientId: string | null;
  },
): Promise<void> {
  const { today, physioId } = options;
  const definition = (id: string) => SHIPPED.find((d) => d.id === id)!;

  async function assignment(
    patientId: string,
    instrumentId: string,
    schedule: OutcomeSchedule,
    startsOn: IsoDate,
    active: boolean,
  ) {
    const id = randomUUID();
    await tx
      .insert(outcomeAssignments)
      .values({ id, patientId, instrumentId, schedule, startsOn, createdBy: physioId, active });
    return id;
  }

  let baseline: Record<string, string> | null = null;
  async function respond(
    patientId: string,
    assignmentId: string,
    instrumentId: string,
    answeredOn: IsoDate,
    answers: Answers,
  ) {
    const d = definition(instrumentId);
    const prepared = prepareResponse(d, answers, instrumentId === 'psfs' ? baseline : null);
    if (!prepared.ok)
      throw new Error(`demo ${instrumentId} answers do not score: ${prepared.message}`);
    if (instrumentId === 'psfs') baseline ??= prepared.value.activities;
    const { result } = prepared.value;
    await tx.insert(outcomeResponses).values({
      patientId,
      assignmentId,
      instrumentId,
      definitionVersion: d.version,
      answeredOn,
      answers: prepared.value.answers,
      score: result.score,
      subscales: result.subscales,
      bandId: result.band?.id ?? null,
      activities: prepared.value.activities,
      idempotencyKey: randomUUID(),
    });
  }

  const demo = options.demoPatientId;
  const first = await assignment(demo, 'psfs', 'once', addDays(today, -35), false);
  await respond(demo, first, 'psfs', addDays(today, -35), {
    activity1: { rating: 3, activity: 'Lifting the shopping into the car' },
    activity2: { rating: 4, activity: 'Sitting through a film' },
  });
  const second = await assignment(demo, 'psfs', 'once', addDays(today, -14), true);
  await respond(demo, second, 'psfs', addDays(today, -14), {
    activity1: { rating: 6 },
    activity2: { rating: 7 },
  });
  const screen = await assignment(demo, 'start-back', 'once', addDays(today, -35), true);
  // Total 5, psychosocial subscale 2: medium risk.
  await respond(demo, screen, 'start-back', addDays(today, -35), sbst([1, 1, 1, 0, 1, 1, 0, 0], 2));

  if (options.waitingPatientId) {
    await assignment(options.waitingPatientId, 'start-back', 'once', addDays(today, -6), true);
  }
}
