/**
 * When an assigned outcome measure is due (lib/outcome-measures/due.ts has the rules). Kept free of
 * imports: db/schema.ts reads it for the database enum.
 */
export const OUTCOME_SCHEDULES = [
  'once',
  'start',
  'every_2_weeks',
  'every_4_weeks',
  'every_6_weeks',
  'discharge',
] as const;

export type OutcomeSchedule = (typeof OUTCOME_SCHEDULES)[number];

/** How each schedule reads in the physio's form and on the record. */
export const SCHEDULE_LABELS: Record<OutcomeSchedule, string> = {
  once: 'Once, now',
  start: 'At the start of the programme',
  every_2_weeks: 'Every 2 weeks',
  every_4_weeks: 'Every 4 weeks',
  every_6_weeks: 'Every 6 weeks',
  discharge: 'At discharge',
};
