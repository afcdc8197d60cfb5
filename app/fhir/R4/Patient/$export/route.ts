import { kickOffExport } from '../../bulk-handler';

/** `GET /fhir/R4/Patient/$export`: every patient's compartment as Bulk Data (docs/fhir.md). */
export function GET(request: Request) {
  return kickOffExport(request, 'patient');
}
