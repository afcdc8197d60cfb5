import { z } from 'zod';
import { deniedResponse, getCurrentUser } from '@/app/(auth)/session';
import { exportProgressPdf, type ProgressPdf } from '@/db/queries/progress-report';
import { clinicToday } from '@/lib/clinic-today';

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

const paramsSchema = z.object({ id: z.uuid() });

/**
 * One patient's progress report as a PDF (spec, "Exports"), for an admin or the patient's own
 * physio. Anyone else, and any id that is not a patient's, gets "not found". The whole file is
 * made before the response starts, so a failure is an error status, never a cut-off download.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const actor = await getCurrentUser();
  if (!actor) return deniedResponse(request, null, text('Sign in to export reports.', 401));
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) return deniedResponse(request, actor, text('Not found.', 404));
  let pdf: ProgressPdf | null;
  try {
    pdf = await exportProgressPdf(actor, parsed.data.id, clinicToday());
  } catch (error) {
    console.error('progress report failed', error);
    return text('The report could not be made, so nothing was downloaded. Please try again.', 500);
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
