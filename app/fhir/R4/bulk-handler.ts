import 'server-only';
import { kickFhirExports } from '@/db/fhir-export-worker';
import { startFhirExport } from '@/db/queries/fhir-export';
import { clinicToday } from '@/lib/clinic-today';
import { parseKickOff, type ExportLevel } from '@/lib/fhir/bulk';
import { asFhirCaller, fhirBase, notFoundResponse, outcomeResponse } from './handler';

/*
 * The Bulk Data kick-off shared by `GET /fhir/R4/$export` and `GET /fhir/R4/Patient/$export`:
 * admins (and clinic tokens) only; 202 with the status URL in Content-Location.
 */

const isUuid = (id: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);

export const bulkStatusUrl = (jobId: string) => `${fhirBase()}/bulk-status/${jobId}`;
export const bulkFileUrl = (jobId: string, type: string) =>
  `${fhirBase()}/bulk-files/${jobId}/${type}.ndjson`;

/** A job id from a status or file URL, or null when it cannot be one (then it is a 404). */
export const jobIdOf = (value: string) => (isUuid(value) ? value : null);

export function kickOffExport(request: Request, level: ExportLevel): Promise<Response> {
  return asFhirCaller(request, async (actor) => {
    if (actor.role !== 'admin') return notFoundResponse(request, actor, {});
    const url = new URL(request.url);
    const parsed = parseKickOff(level, url.searchParams, request.headers.get('prefer'));
    if (!parsed.ok) return outcomeResponse(400, 'invalid', parsed.message);
    const started = await startFhirExport(actor, {
      ...parsed.value,
      requestUrl: `${fhirBase()}${level === 'patient' ? '/Patient' : ''}/$export${url.search}`,
      today: clinicToday(),
    });
    if (!started.ok) {
      if (started.reason === 'busy') {
        const busy = outcomeResponse(
          429,
          'too-costly',
          'Three exports are already being built for you; wait for one to finish or cancel it.',
        );
        busy.headers.set('retry-after', '30');
        return busy;
      }
      return notFoundResponse(request, actor, {});
    }
    kickFhirExports();
    return new Response(null, {
      status: 202,
      headers: { 'content-location': bulkStatusUrl(started.value.id), 'cache-control': 'no-store' },
    });
  });
}
