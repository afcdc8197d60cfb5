import type { NextRequest } from 'next/server';
import { deniedResponse, getCurrentUser } from '@/app/(auth)/session';
import { openOutcomesCsvExport } from '@/db/queries/reports';
import { clinicToday } from '@/lib/clinic-today';
import { logServerError } from '@/lib/log.mjs';
import { answerFailuresCalmly, plainText, tryAgainText } from '@/lib/route-answers';

const text = plainText;
const NOT_MADE = 'The export could not be made, so nothing was downloaded. Please try again.';

/**
 * The outcomes CSV (issue 17): every completed questionnaire of the clinic, for admins. Like the
 * weekly CSV, the query is planned and its first rows read before the response starts, so a
 * failure is an error status, never a 200 whose download breaks off.
 */
async function exportOutcomesCsv(request: NextRequest) {
  const actor = await getCurrentUser();
  if (!actor) return deniedResponse(request, null, text('Sign in to export reports.', 401));
  // It has no filters; a parameter is refused rather than ignored, so nobody thinks it applied.
  if ([...request.nextUrl.searchParams.keys()].length > 0) {
    return text('The outcomes CSV takes no filters: it holds every completed questionnaire.', 400);
  }
  let stream: ReadableStream<Uint8Array> | null;
  try {
    stream = await openOutcomesCsvExport(actor);
  } catch (error) {
    await logServerError(error, { where: 'outcomes CSV export failed' });
    return text(NOT_MADE, 500);
  }
  if (!stream) return deniedResponse(request, actor, text('Not found.', 404));
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="adhere-outcomes-${clinicToday()}.csv"`,
      'cache-control': 'no-store',
    },
  });
}

/** Whatever else fails (the database away while the session is checked): "try again", not a bare 500. */
export const GET = answerFailuresCalmly(
  'outcomes CSV',
  () => tryAgainText(NOT_MADE),
  exportOutcomesCsv,
);
