import { z } from 'zod';
import { deniedResponse, getCurrentUser } from '@/app/(auth)/session';
import { exportProgressPdf, type ProgressPdf } from '@/db/queries/progress-report';
import { clinicToday } from '@/lib/clinic-today';
import { logServerError } from '@/lib/log.mjs';
import { answerFailuresCalmly, plainText, tryAgainText } from '@/lib/route-answers';

const text = plainText;
const NOT_MADE = 'The report could not be made, so nothing was downloaded. Please try again.';

const paramsSchema = z.object({ id: z.uuid() });

/**
 * One patient's progress report as a PDF (spec, "Exports"), for an admin or the patient's own
 * physio. Anyone else, and any id that is not a patient's, gets "not found". The whole file is
 * made before the response starts, so a failure is an error status, never a cut-off download.
 */
async function exportPdf(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const actor = await getCurrentUser();
  if (!actor) return deniedResponse(request, null, text('Sign in to export reports.', 401));
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) return deniedResponse(request, actor, text('Not found.', 404));
  let pdf: ProgressPdf | null;
  try {
    pdf = await exportProgressPdf(actor, parsed.data.id, clinicToday());
  } catch (error) {
    await logServerError(error, { where: 'progress report failed' });
    return text(NOT_MADE, 500);
  }
  if (!pdf) return deniedResponse(request, actor, text('Not found.', 404), { ids: parsed.data });
  return new Response(pdf.bytes, {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${pdf.fileName}"`,
      'content-length': String(pdf.bytes.byteLength),
      'cache-control': 'no-store',
    },
  });
}

/** Whatever else fails (the database away while the session is checked): "try again", not a bare 500. */
export const GET = answerFailuresCalmly('progress report', () => tryAgainText(NOT_MADE), exportPdf);
