import type { NextRequest } from 'next/server';
import { deniedResponse, getCurrentUser } from '@/app/(auth)/session';
import { saveOwnDayLog } from '@/db/queries/day-log';
import { clinicToday } from '@/lib/clinic-today';
import { PROGRAMME_CHANGED, savedMessage } from '@/lib/day-log';
import { CHECK_FIELDS, errorsByPath } from '@/lib/forms';
import { logServerError } from '@/lib/log.mjs';
import { readBodyText, statesTooLarge } from '@/lib/request-body';
import { RETRY_AFTER_SECONDS } from '@/lib/route-answers';
import { DAY_LOG_BODY_LIMIT, dayLogSchema } from '@/lib/validation/day-log';

/**
 * `no-transform` keeps these small answers out of the server's gzip (Next's `compress`): for a
 * kilobyte or two it saves the phone a few hundred bytes, and it took about a twentieth of the
 * server's CPU per save (the profile in issue 15).
 */
const NOT_STORED_OR_COMPRESSED = 'no-store, no-transform';

const json = (body: unknown, status: number) =>
  Response.json(body, { status, headers: { 'cache-control': NOT_STORED_OR_COMPRESSED } });

/**
 * Nothing was saved (the save is one transaction) and the same request may be sent again with the
 * same key: 503 with Retry-After, which the phone's offline queue (lib/offline/day-log-queue.ts)
 * reads as "keep it and try later", never a 500.
 */
const unavailable = () =>
  Response.json(
    { message: 'Something went wrong and nothing was saved. Please try again.' },
    {
      status: 503,
      headers: {
        'retry-after': String(RETRY_AFTER_SECONDS),
        'cache-control': NOT_STORED_OR_COMPRESSED,
      },
    },
  );

const tooLarge = () =>
  json(
    { message: `This request is too large: a day log is at most ${DAY_LOG_BODY_LIMIT / 1024} kB.` },
    413,
  );

/**
 * The day log as JSON, for clients other than the page's form (an offline-first app replaying
 * its queue, the benchmark). Same validation and the same data-layer function as the form's server
 * action; JSON only, so a cross-site form cannot post here. A save that met a changed programme is
 * still a 200 (everything else was saved; sending it again would change nothing), with
 * `saved.programmeChanged` saying what moved and what was not saved.
 */
export async function POST(request: NextRequest) {
  if (!request.headers.get('content-type')?.startsWith('application/json')) {
    return json({ message: 'Send the day log as application/json.' }, 415);
  }
  if (statesTooLarge(request.headers, DAY_LOG_BODY_LIMIT)) return tooLarge();
  let actor: Awaited<ReturnType<typeof getCurrentUser>>;
  try {
    actor = await getCurrentUser();
  } catch (error) {
    // The session is checked against the database: while it is away, the same calm answer as a
    // failed save (nothing was saved, the client sends it again with the same key).
    await logServerError(error, { where: 'day log' });
    return unavailable();
  }
  if (!actor)
    return deniedResponse(request, null, json({ message: 'Sign in to log your exercises.' }, 401));
  if (actor.role !== 'patient')
    return deniedResponse(request, actor, json({ message: 'Not found.' }, 404), { reason: 'role' });

  const read = await readBodyText(request, DAY_LOG_BODY_LIMIT);
  if (!read.ok) return tooLarge();
  let body: unknown;
  try {
    body = JSON.parse(read.text);
  } catch {
    return json({ message: 'The request body is not valid JSON.' }, 400);
  }
  const today = clinicToday();
  const parsed = dayLogSchema(today).safeParse(body);
  if (!parsed.success) {
    return json({ message: CHECK_FIELDS, errors: errorsByPath(parsed.error) }, 422);
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
        : await deniedResponse(request, actor, json({ message: 'Not found.' }, 404));
    }
    const saved = outcome.value;
    return json(
      {
        message: saved.programmeChanged ? PROGRAMME_CHANGED : savedMessage(saved),
        saved,
      },
      200,
    );
  } catch (error) {
    // Usually the database gone away mid-save: the transaction did not commit and the key was not
    // kept, so a retry with the same key is safe and will be saved once.
    await logServerError(error, { where: 'day log' });
    return unavailable();
  }
}
