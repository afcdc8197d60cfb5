import { z } from 'zod';
import { getCurrentUser } from '@/app/(auth)/session';
import { exportProgressPdf } from '@/db/queries/progress-report';
import { clinicToday } from '@/lib/clinic-today';

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

const paramsSchema = z.object({ id: z.uuid() });

/**
 * One patient's progress report as a PDF (spec, "Exports"), for an admin or the patient's own
 * physio. Anyone else, and any id that is not a patient's, gets "not found".
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const actor = await getCurrentUser();
  if (!actor) return text('Sign in to export reports.', 401);
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) return text('Not found.', 404);
  const pdf = await exportProgressPdf(actor, parsed.data.id, clinicToday());
  if (!pdf) return text('Not found.', 404);
  return new Response(pdf.bytes, {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${pdf.fileName}"`,
      'content-length': String(pdf.bytes.byteLength),
      'cache-control': 'no-store',
    },
  });
}
