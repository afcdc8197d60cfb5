import { deniedResponse, getCurrentUser } from '@/app/(auth)/session';
import { exportOwnRecord } from '@/db/queries/fhir';
import { exportOwnProgressPdf } from '@/db/queries/progress-report';
import { openOwnWeeklyCsvExport } from '@/db/queries/reports';
import { clinicToday } from '@/lib/clinic-today';
import { searchsetBundle } from '@/lib/fhir/bundle';
import { FHIR_JSON } from '@/lib/fhir/codes';
import { publicUrl } from '@/lib/public-url';
import { logServerError } from '@/lib/log.mjs';
import { answerFailuresCalmly, plainText, tryAgainText } from '@/lib/route-answers';

const text = plainText;
const NOT_MADE = 'Your data could not be prepared, so nothing was downloaded. Please try again.';

/** The files of "Download my data", by the name in the URL. */
const MY_DATA_FILES = ['record.fhir.json', 'weekly.csv', 'progress.pdf'] as const;
type MyDataFile = (typeof MY_DATA_FILES)[number];
const isMyDataFile = (file: string): file is MyDataFile =>
  (MY_DATA_FILES as readonly string[]).includes(file);

const attachment = (name: string) => `attachment; filename="adhere-my-${name}"`;

/**
 * "Download my data" (issue 16; HIPAA right of access, GDPR Articles 15 and 20): a patient's own
 * FHIR record ($everything as a Bundle), weekly CSV and progress report PDF. Only the patient
 * themselves; for anyone else there is nothing here. Each download is audited; each is made in
 * full, or its query planned and first rows read, before the response starts.
 */
async function downloadOwnData(
  request: Request,
  { params }: { params: Promise<{ file: string }> },
) {
  const actor = await getCurrentUser();
  if (!actor) return deniedResponse(request, null, text('Sign in to download your data.', 401));
  const { file } = await params;
  if (actor.role !== 'patient') {
    return deniedResponse(request, actor, text('Not found.', 404), { reason: 'role' });
  }
  if (!isMyDataFile(file)) return deniedResponse(request, actor, text('Not found.', 404));
  const today = clinicToday();
  try {
    if (file === 'record.fhir.json') {
      const resources = await exportOwnRecord(actor, today);
      if (!resources) return deniedResponse(request, actor, text('Not found.', 404));
      const base = publicUrl('/fhir/R4');
      const bundle = searchsetBundle({
        base,
        self: new URL(`${base}/Patient/${actor.id}/$everything`),
        resources,
        total: resources.length,
        offset: 0,
        count: Math.max(resources.length, 1),
      });
      return new Response(JSON.stringify(bundle, null, 2), {
        headers: {
          'content-type': `${FHIR_JSON}; charset=utf-8`,
          'content-disposition': attachment(`record-${today}.fhir.json`),
          'cache-control': 'no-store',
        },
      });
    }
    if (file === 'weekly.csv') {
      const stream = await openOwnWeeklyCsvExport(actor, today);
      if (!stream) return deniedResponse(request, actor, text('Not found.', 404));
      return new Response(stream, {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': attachment(`weekly-${today}.csv`),
          'cache-control': 'no-store',
        },
      });
    }
    const pdf = await exportOwnProgressPdf(actor, today);
    if (!pdf) return deniedResponse(request, actor, text('Not found.', 404));
    return new Response(pdf.bytes, {
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': attachment(`progress-${today}.pdf`),
        'content-length': String(pdf.bytes.byteLength),
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    await logServerError(error, { where: 'download of own data failed' });
    return text(NOT_MADE, 500);
  }
}

/** Whatever else fails (the database away while the session is checked): "try again", not a bare 500. */
export const GET = answerFailuresCalmly(
  'download of own data',
  () => tryAgainText(NOT_MADE),
  downloadOwnData,
);
