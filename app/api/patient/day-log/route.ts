import type { NextRequest } from 'next/server';
import { getCurrentUser } from '@/app/(auth)/session';
import { saveOwnDayLog } from '@/db/queries/day-log';
import { clinicToday } from '@/lib/clinic-today';
import { logServerError } from '@/lib/log.mjs';
import { dayLogSchema } from '@/lib/validation/day-log';

const json = (body: unknown, status: number) => Response.json(body, { status });

/**
 * The day log as JSON, for clients other than the page's form (an offline-first app retrying
 * its queue, the benchmark). Same validation and the same data-layer function as the form's server
 * action; JSON only, so a cross-site form cannot post here.
 */
export async function POST(request: NextRequest) {
  if (!request.headers.get('content-type')?.startsWith('application/json')) {
    return json({ message: 'Send the day log as application/json.' }, 415);
  }
  const actor = await getCurrentUser();
  if (!actor) return json({ message: 'Sign in to log your exercises.' }, 401);
  if (actor.role !== 'patient') return json({ message: 'Not found.' }, 404);

  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return json({ message: 'The request body is not valid JSON.' }, 400);
  }
  const today = clinicToday();
  const parsed = dayLogSchema(today).safeParse(body);
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues)
      (errors[issue.path.join('.') || '_form'] ??= []).push(issue.message);
    return json({ message: 'Please check the highlighted fields.', errors }, 422);
  }
  try {
    const outcome = await saveOwnDayLog(actor, parsed.data, today);
    if (!outcome.ok) {
      return outcome.reason === 'invalid'
        ? json(
            {
              message: outcome.message,
              errors: outcome.field ? { [outcome.field]: [outcome.message] } : {},
            },
            422,
          )
        : json({ message: 'Not found.' }, 404);
    }
    return json({ saved: outcome.value }, 200);
  } catch (error) {
    await logServerError(error, { where: 'day log' });
    return json({ message: 'Something went wrong and nothing was saved. Please try again.' }, 500);
  }
}
