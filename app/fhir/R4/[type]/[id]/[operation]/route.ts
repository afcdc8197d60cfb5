import { patientEverything, recordFhirRead } from '@/db/queries/fhir';
import { clinicToday } from '@/lib/clinic-today';
import { searchsetBundle } from '@/lib/fhir/bundle';
import {
  asFhirCaller,
  fhirBase,
  fhirJson,
  notFoundResponse,
  outcomeResponse,
} from '../../../handler';

/** `GET /fhir/R4/Patient/{id}/$everything`: one Bundle of everything about the patient. */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ type: string; id: string; operation: string }> },
) {
  return asFhirCaller(request, async (actor) => {
    const { type, id, operation } = await params;
    if (type !== 'Patient' || operation !== '$everything') {
      return outcomeResponse(404, 'not-supported', 'This server has no such operation.');
    }
    const resources = await patientEverything(actor, id, clinicToday());
    if (!resources) return notFoundResponse(request, actor, { type, id });
    await recordFhirRead(actor, { interaction: 'everything', type, patientId: id });
    return fhirJson(
      searchsetBundle({
        base: fhirBase(),
        self: new URL(`${fhirBase()}/Patient/${id}/$everything`),
        resources,
        total: resources.length,
        offset: 0,
        count: Math.max(resources.length, 1),
      }),
    );
  });
}
