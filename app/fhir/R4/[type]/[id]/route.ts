import { readFhirResource, recordFhirRead } from '@/db/queries/fhir';
import { clinicToday } from '@/lib/clinic-today';
import { isReadType } from '@/lib/fhir/bundle';
import { asFhirCaller, fhirJson, notFoundResponse, outcomeResponse } from '../../handler';

/** `GET /fhir/R4/{type}/{id}`: one resource; 404 for what the caller may not see. */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ type: string; id: string }> },
) {
  return asFhirCaller(request, async (actor) => {
    const { type, id } = await params;
    if (!isReadType(type)) {
      return outcomeResponse(404, 'not-supported', 'This server has no such resource type.');
    }
    const found = await readFhirResource(actor, type, id, clinicToday());
    if (!found) return notFoundResponse(request, actor, { type, id });
    await recordFhirRead(actor, { interaction: 'read', type, patientId: found.patientId });
    return fhirJson(found.resource);
  });
}
