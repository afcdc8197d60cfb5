import { z } from 'zod';
import { clinicToday } from '@/lib/clinic-today';
import { optionalDateOfBirth } from './dates';
import { CONTROL_CHARACTER_MESSAGE, hasNoControlCharacters } from './text';

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} can be at most ${max} characters.`)
    .refine(hasNoControlCharacters, CONTROL_CHARACTER_MESSAGE)
    .default('');

/** The "Add patient" form. Dates arrive as YYYY-MM-DD from a date input, or empty. */
export const addPatientSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Enter the patient’s name.')
    .max(120, 'The name can be at most 120 characters.')
    .refine(hasNoControlCharacters, CONTROL_CHARACTER_MESSAGE),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, 'Enter an email address.')
    .max(254, 'The email address is too long.')
    .refine(hasNoControlCharacters, CONTROL_CHARACTER_MESSAGE)
    .pipe(z.email('Enter an email address like name@example.com.')),
  dateOfBirth: optionalDateOfBirth(() => clinicToday()),
  condition: optionalText(200, 'The condition'),
  goal: optionalText(500, 'The goal'),
});

export type AddPatientInput = z.infer<typeof addPatientSchema>;
