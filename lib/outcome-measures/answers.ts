import { z } from 'zod';
import { hasNoControlCharacters } from '@/lib/validation/text';

/**
 * A patient's answers to one questionnaire, keyed by item id. A choice is stored as the position
 * of the chosen option in that version's list (two options may share a value, as STarT Back's
 * "Not at all" and "Moderately" do, so the value alone would lose what the patient said); a rating
 * as its number, with the activity the patient named for a PSFS-style item.
 */
export const answerSchema = z.union([
  z.strictObject({ option: z.number().int().min(0) }),
  z.strictObject({
    rating: z.number().int(),
    activity: z
      .string()
      .trim()
      .min(1, 'Name the activity.')
      .max(200, 'The activity can be at most 200 characters.')
      .refine(hasNoControlCharacters)
      .optional(),
  }),
]);

export const answersSchema = z.record(z.string().max(40), answerSchema);

export type Answer = z.infer<typeof answerSchema>;
export type Answers = z.infer<typeof answersSchema>;

/** What is stored for a completed questionnaire: the answers and the version they were given on. */
export type StoredResponse = { instrumentId: string; version: number; answers: Answers };
