import { z } from 'zod';
import { idempotencyKeySchema } from '@/lib/validation/idempotency-key';
import { answersSchema } from '@/lib/outcome-measures/answers';
import { instrumentIdSchema } from '@/lib/outcome-measures/definition';
import { OUTCOME_SCHEDULES } from '@/lib/outcome-measures/schedules';

const instrumentId = z
  .string('Choose a questionnaire.')
  .refine((id) => instrumentIdSchema.safeParse(id).success, 'Choose a questionnaire.');

/** The physio's "Assign a questionnaire" form. */
export const assignMeasureSchema = z.object({
  patientId: z.uuid('This form is out of date. Reload the page and try again.'),
  instrumentId,
  schedule: z.enum(OUTCOME_SCHEDULES, 'Choose when the patient answers it.'),
});
export type AssignMeasureInput = z.infer<typeof assignMeasureSchema>;

export const stopMeasureSchema = z.object({
  assignmentId: z.uuid('This form is out of date. Reload the page and try again.'),
});

const UNREADABLE = 'The answers could not be read. Reload the page and try again.';

/** The message of an activity name's check, however deep the answer union put it. */
function activityMessage(issues: readonly z.core.$ZodIssue[]): string | undefined {
  for (const issue of issues) {
    if (issue.path.at(-1) === 'activity' && issue.code !== 'invalid_type') return issue.message;
    if (issue.code === 'invalid_union') {
      const found = activityMessage(issue.errors.flat());
      if (found) return found;
    }
  }
  return undefined;
}

/** The largest answers field accepted: 100 items with 200-character activity names fit in it. */
const MAX_ANSWERS_LENGTH = 40_000;

/**
 * A completed questionnaire from the patient's phone: the answers as JSON (one field, so the
 * one-question-per-screen form can keep them in sessionStorage and send them at the end).
 */
export const outcomeResponseSchema = z.object({
  idempotencyKey: idempotencyKeySchema,
  instrumentId,
  answers: z
    .string()
    .max(MAX_ANSWERS_LENGTH, 'The answers are too long.')
    .transform((text, ctx) => {
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: UNREADABLE });
        return z.NEVER;
      }
      const parsed = answersSchema.safeParse(data);
      if (!parsed.success) {
        // An activity's own message ("Name the activity.") says what to fix; anything else is a
        // page that is out of date or a tampered request.
        ctx.addIssue({
          code: 'custom',
          message: activityMessage(parsed.error.issues) ?? UNREADABLE,
        });
        return z.NEVER;
      }
      return parsed.data;
    }),
});
export type OutcomeResponseInput = z.infer<typeof outcomeResponseSchema>;

export const skipMeasureSchema = z.object({ instrumentId });
