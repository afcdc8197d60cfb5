import { definitionKey, type Definition } from './definition';
import { parseDefinition } from './import';
import { psfs } from './instruments/psfs';
import { startBack } from './instruments/start-back';

export { score, scoreRange } from './scoring';
export { changeFromBaseline } from './change';
export { parseDefinitionFile, checkNewDefinition } from './import';

function load(input: unknown): Definition {
  const result = parseDefinition(input);
  if (!result.ok)
    throw new Error(`A shipped outcome measure is invalid: ${result.errors.join('; ')}`);
  return result.definition;
}

/** The instruments Adhere ships. RMDQ is not shipped: see docs/outcome-measures.md. */
export const SHIPPED: readonly Definition[] = [load(psfs), load(startBack)];
export const SHIPPED_IDS = SHIPPED.map((d) => d.id);

/** The definition a stored response was answered on, by id and version, among those given. */
export function findDefinition(
  definitions: readonly Definition[],
  ref: { instrumentId: string; version: number },
): Definition | undefined {
  const key = definitionKey({ id: ref.instrumentId, version: ref.version });
  return definitions.find((d) => definitionKey(d) === key);
}
