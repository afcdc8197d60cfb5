import type { Definition } from './definition';

/** A problem found in a definition, with the path of the field it is about. */
export type DefinitionProblem = { path: (string | number)[]; message: string };

/**
 * The checks a schema cannot express field by field: ids are unique, subscales and bands name
 * items and subscales that exist. An empty list means the definition holds together.
 */
export function definitionProblems(definition: Definition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const itemIds = new Set<string>();
  definition.items.forEach((item, i) => {
    if (itemIds.has(item.id)) {
      problems.push({
        path: ['items', i, 'id'],
        message: `"${item.id}" is used by an earlier item`,
      });
    }
    itemIds.add(item.id);
  });

  const subscaleIds = new Set<string>();
  definition.scoring.subscales.forEach((subscale, s) => {
    if (subscaleIds.has(subscale.id)) {
      problems.push({
        path: ['scoring', 'subscales', s, 'id'],
        message: `"${subscale.id}" is used by an earlier subscale`,
      });
    }
    subscaleIds.add(subscale.id);
    const seen = new Set<string>();
    subscale.items.forEach((itemId, j) => {
      if (!itemIds.has(itemId)) {
        problems.push({
          path: ['scoring', 'subscales', s, 'items', j],
          message: `"${itemId}" is not the id of an item`,
        });
      } else if (seen.has(itemId)) {
        problems.push({
          path: ['scoring', 'subscales', s, 'items', j],
          message: `"${itemId}" is listed twice`,
        });
      }
      seen.add(itemId);
    });
  });

  const bandIds = new Set<string>();
  definition.scoring.bands.forEach((band, b) => {
    if (bandIds.has(band.id)) {
      problems.push({
        path: ['scoring', 'bands', b, 'id'],
        message: `"${band.id}" is used by an earlier band`,
      });
    }
    bandIds.add(band.id);
    if (band.min !== undefined && band.max !== undefined && band.min > band.max) {
      problems.push({ path: ['scoring', 'bands', b, 'max'], message: 'must not be less than min' });
    }
    for (const subscaleId of Object.keys(band.subscales ?? {})) {
      if (!subscaleIds.has(subscaleId)) {
        problems.push({
          path: ['scoring', 'bands', b, 'subscales', subscaleId],
          message: `"${subscaleId}" is not the id of a subscale`,
        });
      }
    }
  });

  if (definition.scoring.method === 'mean' && definition.scoring.subscales.length > 0) {
    problems.push({
      path: ['scoring', 'subscales'],
      message: 'subscales are sums, so they are only allowed with the "sum" method',
    });
  }
  if (definition.items.every((item) => !item.required) && definition.items.length > 0) {
    // A questionnaire where nothing is required could be "complete" with no answer at all.
    problems.push({ path: ['items'], message: 'at least one item must be required' });
  }
  return problems;
}
