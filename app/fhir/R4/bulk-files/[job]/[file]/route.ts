import { openFhirExportFile } from '@/db/queries/fhir-export';
import { NDJSON } from '@/lib/fhir/bulk';
import { jobIdOf } from '../../../bulk-handler';
import { asFhirCaller, notFoundResponse } from '../../../handler';

/** One NDJSON file of a completed export, streamed from the database chunk by chunk, as the bytes it sent. */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ job: string; file: string }> },
) {
  return asFhirCaller(request, async (actor) => {
    const { job, file } = await params;
    const jobId = jobIdOf(job);
    const type = /^([A-Za-z]+)\.ndjson$/.exec(file)?.[1];
    const chunks = jobId && type ? await openFhirExportFile(actor, jobId, type) : null;
    if (!chunks) return notFoundResponse(request, actor, { id: jobId });
    const iterator = chunks[Symbol.asyncIterator]();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await iterator.return?.();
      },
    });
    return new Response(body, {
      headers: {
        'content-type': NDJSON,
        'content-disposition': `attachment; filename="${type}.ndjson"`,
        'cache-control': 'no-store',
      },
    });
  });
}
