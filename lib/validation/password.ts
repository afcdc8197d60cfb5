import { dictionary } from '@zxcvbn-ts/language-common';
import { z } from 'zod';

// A shipped list of the most common passwords (zxcvbn's, ~49,000 entries). Length is the rule
// that matters (NIST SP 800-63B): no composition rules, just refuse the obvious ones.
const common = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

export function isCommonPassword(password: string): boolean {
  const lowered = password.toLowerCase();
  return common.has(lowered) || common.has(lowered.replace(/\s+/g, ''));
}

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters — a short sentence works well.`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`)
  .refine(
    (p) => !isCommonPassword(p),
    'This password is too common. Choose something less guessable.',
  );

export const setPasswordSchema = z
  .object({
    password: newPasswordSchema,
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, {
    message: 'The two passwords are not the same.',
    path: ['confirm'],
  });
