import { z } from 'zod';
import { dateMessages, optionalCalendarDate } from './dates';

/**
 * Filters of the weekly export, from the query string; empty values mean "no filter". Dates are
 * bounded to 1900–2100, so every date that passes can be planned into the query.
 */
export const reportFiltersSchema = z
  .object({
    physio: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || undefined)
      .pipe(z.uuid('physio must be the id of a physiotherapist.').optional()),
    from: optionalCalendarDate(dateMessages('from')),
    to: optionalCalendarDate(dateMessages('to')),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    message: 'from must be on or before to.',
    path: ['from'],
  });

export type ReportFilters = Partial<z.infer<typeof reportFiltersSchema>>;

export const WEEKLY_CSV_HEADER = [
  'patient_id',
  'patient_name',
  'patient_email',
  'physio_name',
  'week_start',
  'prescribed_sessions',
  'completed_sessions',
  'adherence_pct',
  'mean_pain',
  'pain_reports',
] as const;

export function weeklyCsvFileName(filters: ReportFilters, today: string): string {
  return `adhere-weekly-${filters.from ?? 'start'}-to-${filters.to ?? today}.csv`;
}
