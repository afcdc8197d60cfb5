import { z } from 'zod';
import { isIsoDate } from '@/lib/dates';

const optionalText = (max: number, label: string) =>
  z.string().trim().max(max, `${label} can be at most ${max} characters.`).default('');

/** The "Add patient" form. Dates arrive as YYYY-MM-DD from a date input, or empty. */
export const addPatientSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Enter the patient’s name.')
    .max(120, 'The name can be at most 120 characters.'),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, 'Enter an email address.')
    .max(254, 'The email address is too long.')
    .pipe(z.email('Enter an email address like name@example.com.')),
  dateOfBirth: z
    .string()
    .trim()
    .default('')
    .refine((v) => v === '' || isIsoDate(v), 'Enter the date of birth as a date, e.g. 1980-04-23.')
    .refine((v) => v === '' || v >= '1900-01-01', 'The date of birth is too far in the past.')
    .refine(
      (v) => v === '' || v <= new Date().toISOString().slice(0, 10),
      'The date of birth cannot be in the future.',
    )
    .transform((v) => (v === '' ? null : v)),
  condition: optionalText(200, 'The condition'),
  goal: optionalText(500, 'The goal'),
});

export type AddPatientInput = z.infer<typeof addPatientSchema>;
