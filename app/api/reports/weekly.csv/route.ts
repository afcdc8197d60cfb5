import type { NextRequest } from 'next/server';
import { deniedResponse, getCurrentUser } from '@/app/(auth)/session';
import { openWeeklyCsvExport } from '@/db/queries/reports';
import { clinicToday } from '@/lib/clinic-today';
import { reportFiltersSchema, weeklyCsvFileName } from '@/lib/validation/report-filters';
import { logServerError } from '@/lib/log.mjs';
import { answerFailuresCalmly, plainText, tryAgainText } from '@/lib/route-answers';

const text = plainText;
const NOT_MADE = 'The export could not be made, so nothing was downloaded. Please try again.';

/**
 * The weekly CSV (spec, "Exports"): admins for the clinic or a physio, physios for their own.
 * Everything that can fail is done before the response starts: the filters are validated and the
 * query is planned and has produced its first rows, so a failure is an error status, never a 200
 * whose download then breaks off.
 */
async function exportWeeklyCsv(request: NextRequest) {
  const actor = await getCurrentUser();
  if (!actor) return deniedResponse(request, null, text('Sign in to export reports.', 401));
  const filters = reportFiltersSchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!filters.success) {
    return text(filters.error.issues.map((issue) => issue.message).join('\n'), 400);
  }
  const today = clinicToday();
  let stream: ReadableStream<Uint8Array> | null;
  try {
    stream = await openWeeklyCsvExport(actor, filters.data, today);
  } catch (error) {
    await logServerError(error, { where: 'weekly CSV export failed' });
    return text(NOT_MADE, 500);
  }
  if (!stream) return deniedResponse(request, actor, text('Not found.', 404));
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${weeklyCsvFileName(filters.data, today)}"`,
      'cache-control': 'no-store',
    },
  });
}

/** Whatever else fails (the database away while the session is checked): "try again", not a bare 500. */
export const GET = answerFailuresCalmly(
  'weekly CSV',
  () => tryAgainText(NOT_MADE),
  exportWeeklyCsv,
);
