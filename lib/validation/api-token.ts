import { z } from 'zod';
import { API_TOKEN_LIFETIMES_DAYS } from '@/lib/api-tokens';
import { CONTROL_CHARACTER_MESSAGE, hasNoControlCharacters } from './text';

const LIFETIME_MESSAGE = 'Choose how long the token lasts.';

const tokenName = z
  .string()
  .trim()
  .min(1, 'Name the token after the system that will use it, e.g. “Clinic EHR”.')
  .max(80, 'The name can be at most 80 characters.')
  .refine(hasNoControlCharacters, CONTROL_CHARACTER_MESSAGE);

const lifetimeDays = z.coerce
  .number({ error: LIFETIME_MESSAGE })
  .refine(
    (days): days is (typeof API_TOKEN_LIFETIMES_DAYS)[number] =>
      (API_TOKEN_LIFETIMES_DAYS as readonly number[]).includes(days),
    LIFETIME_MESSAGE,
  );

/** A new personal access token: what it is for, what it may read, and for how long. */
export const newApiTokenSchema = z.discriminatedUnion(
  'scope',
  [
    z.object({ scope: z.literal('clinic'), name: tokenName, lifetimeDays }),
    z.object({
      scope: z.literal('caseload'),
      name: tokenName,
      lifetimeDays,
      physioId: z.uuid('Choose the physiotherapist whose patients the token may read.'),
    }),
  ],
  { error: 'Choose what the token may read.' },
);

export type NewApiTokenInput = z.infer<typeof newApiTokenSchema>;

export const revokeApiTokenSchema = z.object({ tokenId: z.uuid('Choose a token.') });
