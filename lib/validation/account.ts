import { z } from 'zod';
import { ROLES } from '@/lib/roles';
import { addPatientSchema } from './patient';
import { CONTROL_CHARACTER_MESSAGE, hasNoControlCharacters, searchFilterText } from './text';

/**
 * The admin account list's filters in the URL: search, role, status and a physio's patients.
 * Unknown values are dropped rather than refused, so an edited URL still shows a list.
 */
export const accountListFiltersSchema = z.object({
  search: searchFilterText,
  role: z.enum(ROLES).optional().catch(undefined),
  status: z.enum(['active', 'deactivated']).optional().catch(undefined),
  physio: z.uuid().optional().catch(undefined),
});

export type AccountListFilters = Partial<z.infer<typeof accountListFiltersSchema>>;

/** A new physiotherapist: who they are and the address they sign in with. */
export const newPhysioSchema = z.object({
  role: z.literal('physio'),
  name: z
    .string()
    .trim()
    .min(1, 'Enter the physiotherapist’s name.')
    .max(120, 'The name can be at most 120 characters.')
    .refine(hasNoControlCharacters, CONTROL_CHARACTER_MESSAGE),
  email: addPatientSchema.shape.email,
});

/** A new patient: the physio's "Add patient" fields, plus the physio who will look after them. */
export const newPatientSchema = addPatientSchema.extend({
  role: z.literal('patient'),
  physioId: z.uuid('Choose the physiotherapist who will look after this patient.'),
});

export const newAccountSchema = z.discriminatedUnion('role', [newPhysioSchema, newPatientSchema], {
  error: 'Choose whether the account is for a physiotherapist or a patient.',
});

export type NewAccountInput = z.infer<typeof newAccountSchema>;
export type NewAccountRole = NewAccountInput['role'];

export const reassignPatientSchema = z.object({
  patientId: z.uuid('Choose a patient.'),
  physioId: z.uuid('Choose the physiotherapist who takes over.'),
});

export type ReassignPatientInput = z.infer<typeof reassignPatientSchema>;
