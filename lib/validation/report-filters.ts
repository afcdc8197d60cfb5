import { z } from 'zod';
import { isIsoDate } from '@/lib/dates';

const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || isIsoDate(v), `${label} must be a date as YYYY-MM-DD.`);

/** Filters of the weekly export, from the query string; empty values mean "no filter". */
export const reportFiltersSchema = z
  .object({
    physio: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || undefined)
      .pipe(z.uuid('physio must be the id of a physiotherapist.').optional()),
    from: optionalDate('from'),
    to: optionalDate('to'),
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
