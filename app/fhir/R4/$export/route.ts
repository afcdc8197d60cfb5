import { kickOffExport } from '../bulk-handler';

/** `GET /fhir/R4/$export`: a system-level Bulk Data export of the whole clinic (docs/fhir.md). */
export function GET(request: Request) {
  return kickOffExport(request, 'system');
}
