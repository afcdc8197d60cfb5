import { capabilityStatement } from '@/lib/fhir/bundle';
import { fhirBase, fhirJson } from '../handler';

/** The CapabilityStatement: what this server supports, for anyone (it holds no record). */
export function GET() {
  return fhirJson(capabilityStatement(fhirBase()));
}
