import { cancelFhirExport, getFhirExport } from '@/db/queries/fhir-export';
import { exportManifest, exportProgress } from '@/lib/fhir/bulk';
import { bulkFileUrl, jobIdOf } from '../../bulk-handler';
import { asFhirCaller, notFoundResponse, outcomeResponse } from '../../handler';

type Context = { params: Promise<{ job: string }> };

/**
 * The export's status: 202 with `X-Progress` while it is built, 200 with the manifest when it is
 * done, 500 with an OperationOutcome if it failed; 404 for anyone but who asked.
 */
export async function GET(request: Request, { params }: Context) {
  return asFhirCaller(request, async (actor) => {
    const jobId = jobIdOf((await params).job);
    const job = jobId ? await getFhirExport(actor, jobId) : null;
    if (!jobId || !job) return notFoundResponse(request, actor, { id: jobId });
    if (job.status === 'failed') {
      return outcomeResponse(500, 'exception', job.error ?? 'The export failed.');
    }
    if (job.status !== 'complete') {
      return new Response(null, {
        status: 202,
        headers: {
          'x-progress': exportProgress(job.patientsDone, job.patientsTotal),
          'retry-after': '2',
          'cache-control': 'no-store',
        },
      });
    }
    const manifest = exportManifest({
      transactionTime: job.transactionTime,
      requestUrl: job.requestUrl,
      files: job.files,
      fileUrl: (type) => bulkFileUrl(jobId, type),
    });
    return Response.json(manifest, {
      headers: {
        'cache-control': 'no-store',
        expires: new Date(Date.now() + 60 * 60 * 1000).toUTCString(),
      },
    });
  });
}

/** Cancels the export and deletes its files: 202, as the Bulk Data IG asks. */
export async function DELETE(request: Request, { params }: Context) {
  return asFhirCaller(request, async (actor) => {
    const jobId = jobIdOf((await params).job);
    if (!jobId || !(await cancelFhirExport(actor, jobId))) {
      return notFoundResponse(request, actor, { id: jobId });
    }
    return outcomeResponse(202, 'informational', 'The export was cancelled and its files deleted.');
  });
}
