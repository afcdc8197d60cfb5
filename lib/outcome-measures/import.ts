import type { z } from 'zod';
import { definitionProblems } from './consistency';
import { definitionKey, definitionSchema, type Definition } from './definition';

/**
 * Reading a questionnaire definition an admin uploads (a JSON file, format in
 * docs/outcome-measures.md). Every error names the field it is about, e.g.
 * `items[3].options[1].value: must be a whole number`, so the admin can fix the file.
 */

export type DefinitionResult =
  { ok: true; definition: Definition } | { ok: false; errors: string[] };

/** Files larger than this are refused before parsing: 100 items of long text fit well within it. */
export const MAX_DEFINITION_BYTES = 256 * 1024;
const MAX_ERRORS = 20;

/** `['items', 3, 'options', 1, 'value']` → `items[3].options[1].value`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => {
    if (typeof part === 'number') return `${out}[${part}]`;
    return out ? `${out}.${String(part)}` : String(part);
  }, '');
}

const withPath = (path: readonly PropertyKey[], message: string) =>
  path.length > 0 ? `${formatPath(path)}: ${message}` : message;

/** Plain words for zod's generic issues; fields with their own message keep it. */
function genericMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  if (issue.code === 'unrecognized_keys') {
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  if (issue.code === 'invalid_type' && issue.expected === 'object')
    return 'must be an object ({ … })';
  if (issue.code === 'invalid_type' && issue.expected === 'array') return 'must be a list ([ … ])';
  return undefined;
}

/** Validates a definition given as data (already parsed JSON, or a shipped definition). */
export function parseDefinition(input: unknown): DefinitionResult {
  const parsed = definitionSchema.safeParse(input, { error: genericMessage });
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => withPath(issue.path, issue.message));
    return { ok: false, errors: [...new Set(errors)].slice(0, MAX_ERRORS) };
  }
  const problems = definitionProblems(parsed.data);
  if (problems.length > 0) {
    return {
      ok: false,
      errors: problems.slice(0, MAX_ERRORS).map((p) => withPath(p.path, p.message)),
    };
  }
  return { ok: true, definition: parsed.data };
}

/** Validates the text of an uploaded definition file. */
export function parseDefinitionFile(fileText: string): DefinitionResult {
  if (new TextEncoder().encode(fileText).length > MAX_DEFINITION_BYTES) {
    return { ok: false, errors: [`The file is larger than ${MAX_DEFINITION_BYTES / 1024} KB.`] };
  }
  let data: unknown;
  try {
    data = JSON.parse(fileText);
  } catch (error) {
    const detail = error instanceof SyntaxError ? ` (${error.message})` : '';
    return { ok: false, errors: [`The file is not valid JSON${detail}.`] };
  }
  return parseDefinition(data);
}

/**
 * Whether a new definition may be added next to those already known (shipped and the clinic's):
 * a shipped instrument's id is never taken over, and a new version of a clinic's questionnaire must
 * come after every version it already has, so stored answers keep pointing at their own version.
 */
export function checkNewDefinition(
  definition: Definition,
  known: readonly { id: string; version: number }[],
  shippedIds: readonly string[],
): { ok: true } | { ok: false; errors: string[] } {
  if (shippedIds.includes(definition.id)) {
    return {
      ok: false,
      errors: [`id: "${definition.id}" is an instrument Adhere ships; choose another id`],
    };
  }
  const versions = known.filter((k) => k.id === definition.id).map((k) => k.version);
  if (versions.includes(definition.version)) {
    return {
      ok: false,
      errors: [
        `version: ${definitionKey(definition)} already exists; published versions never change, so give this one a new version number`,
      ],
    };
  }
  const latest = Math.max(0, ...versions);
  if (definition.version < latest) {
    return {
      ok: false,
      errors: [`version: must be more than ${latest}, the latest version of "${definition.id}"`],
    };
  }
  return { ok: true };
}
