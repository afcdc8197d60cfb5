import type { NextRequest } from 'next/server';
import { recordFhirRead, searchFhir } from '@/db/queries/fhir';
import { clinicToday } from '@/lib/clinic-today';
import { isReadType, searchsetBundle } from '@/lib/fhir/bundle';
import { isSearchableType, parseSearch } from '@/lib/fhir/search';
import { asFhirCaller, fhirBase, fhirJson, outcomeResponse } from '../handler';

/** `GET /fhir/R4/{type}?…`: a search, one page of a searchset Bundle (docs/fhir.md). */
export async function GET(request: NextRequest, { params }: { params: Promise<{ type: string }> }) {
  return asFhirCaller(request, async (actor) => {
    const { type } = await params;
    if (!isSearchableType(type)) {
      return isReadType(type)
        ? outcomeResponse(
            400,
            'not-supported',
            `Searching ${type} is not supported; read it by id.`,
          )
        : outcomeResponse(404, 'not-supported', 'This server has no such resource type.');
    }
    const parsed = parseSearch(type, request.nextUrl.searchParams);
    if (!parsed.ok) return outcomeResponse(400, 'invalid', parsed.message);
    const query = parsed.value;
    const today = clinicToday();
    const { resources, total } = await searchFhir(actor, query, today);
    await recordFhirRead(actor, { interaction: 'search-type', type, patientId: query.patientId });

    const self = new URL(`${fhirBase()}/${type}`);
    for (const [name, value] of request.nextUrl.searchParams) {
      if (name !== '_offset' && name !== '_count') self.searchParams.append(name, value);
    }
    return fhirJson(
      searchsetBundle({
        base: fhirBase(),
        self,
        resources,
        total,
        offset: query.offset,
        count: query.count,
      }),
    );
  });
}
