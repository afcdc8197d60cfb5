import type { Answers } from './answers';
import type { Band, Definition, Item } from './definition';

/**
 * Scoring a set of answers with the definition (id + version) they were given on. Pure: the same
 * definition and answers always give the same result, so a stored score can be recomputed and
 * checked, and a later version of a definition never changes an earlier result.
 */

export type ItemIssue = { itemId: string; message: string };

export type ScoredResult = {
  complete: true;
  instrument: { id: string; version: number };
  /** The final score: sum or mean, scaled and rounded as the definition says. */
  score: number;
  /** The sum or mean before any linear scale. */
  rawScore: number;
  /** Each subscale's sum, by subscale id. */
  subscales: Record<string, number>;
  /** The first band the score falls in (STarT Back's risk group), or null without bands. */
  band: Pick<Band, 'id' | 'label' | 'meaning'> | null;
  /** How many items were answered (PSFS: how many activities were rated). */
  answered: number;
};

export type IncompleteResult = {
  complete: false;
  instrument: { id: string; version: number };
  /** Required items with no answer, or a rated activity with no name. */
  missing: ItemIssue[];
  /** Answers that do not fit the item: an option that does not exist, a rating off the scale. */
  invalid: ItemIssue[];
};

export type ScoreResult = ScoredResult | IncompleteResult;

/** The value an answer contributes, or an issue saying why it cannot. */
function itemValue(
  item: Item,
  index: number,
  answers: Answers,
): { value: number } | { missing: string } | { invalid: string } | { skipped: true } {
  const answer = answers[item.id];
  const label = `Question ${index + 1}`;
  if (answer === undefined) {
    return item.required ? { missing: `${label} has no answer.` } : { skipped: true };
  }
  if (item.type === 'choice') {
    if (!('option' in answer)) return { invalid: `${label} needs one of its answer options.` };
    const option = item.options[answer.option];
    if (!option) return { invalid: `${label} has no answer option ${answer.option + 1}.` };
    return { value: option.value };
  }
  if (!('rating' in answer)) return { invalid: `${label} needs a rating.` };
  if (answer.rating < item.min || answer.rating > item.max) {
    return { invalid: `${label} must be rated from ${item.min} to ${item.max}.` };
  }
  if (item.namedByPatient && !answer.activity) {
    return { missing: `${label} has a rating but no activity named.` };
  }
  return { value: answer.rating };
}

const inRange = (value: number, range: { min?: number; max?: number }) =>
  (range.min === undefined || value >= range.min) &&
  (range.max === undefined || value <= range.max);

function findBand(definition: Definition, score: number, subscales: Record<string, number>) {
  const band = definition.scoring.bands.find(
    (b) =>
      inRange(score, b) &&
      Object.entries(b.subscales ?? {}).every(([id, range]) =>
        inRange(subscales[id] ?? NaN, range),
      ),
  );
  return band ? { id: band.id, label: band.label, meaning: band.meaning } : null;
}

const round = (value: number, decimals: number | undefined) => {
  if (decimals === undefined) return value;
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

export function score(definition: Definition, answers: Answers): ScoreResult {
  const instrument = { id: definition.id, version: definition.version };
  const missing: ItemIssue[] = [];
  const invalid: ItemIssue[] = [];
  const values = new Map<string, number>();

  definition.items.forEach((item, index) => {
    const result = itemValue(item, index, answers);
    if ('value' in result) values.set(item.id, result.value);
    else if ('missing' in result) missing.push({ itemId: item.id, message: result.missing });
    else if ('invalid' in result) invalid.push({ itemId: item.id, message: result.invalid });
  });
  const known = new Set(definition.items.map((item) => item.id));
  for (const itemId of Object.keys(answers)) {
    if (!known.has(itemId)) {
      invalid.push({
        itemId,
        message: `"${itemId}" is not a question of ${definition.name} version ${definition.version}.`,
      });
    }
  }
  if (missing.length > 0 || invalid.length > 0 || values.size === 0) {
    if (values.size === 0 && missing.length === 0 && invalid.length === 0) {
      missing.push({
        itemId: definition.items[0]?.id ?? '',
        message: 'No question has been answered.',
      });
    }
    return { complete: false, instrument, missing, invalid };
  }

  const sum = [...values.values()].reduce((a, b) => a + b, 0);
  const rawScore = definition.scoring.method === 'mean' ? sum / values.size : sum;
  const scale = definition.scoring.scale;
  const scaled = scale ? (rawScore / scale.divideBy) * scale.multiplyBy : rawScore;
  const finalScore = round(scaled, definition.scoring.decimals);

  const subscales: Record<string, number> = {};
  for (const subscale of definition.scoring.subscales) {
    subscales[subscale.id] = subscale.items.reduce((a, id) => a + (values.get(id) ?? 0), 0);
  }
  return {
    complete: true,
    instrument,
    score: finalScore,
    rawScore,
    subscales,
    band: findBand(definition, finalScore, subscales),
    answered: values.size,
  };
}

/** The lowest and highest score the definition can give, for chart axes. */
export function scoreRange(definition: Definition): { min: number; max: number } {
  const bounds = definition.items.map((item) =>
    item.type === 'choice'
      ? {
          min: Math.min(...item.options.map((o) => o.value)),
          max: Math.max(...item.options.map((o) => o.value)),
        }
      : { min: item.min, max: item.max },
  );
  const { method, scale, decimals } = definition.scoring;
  let min: number;
  let max: number;
  if (method === 'mean') {
    min = Math.min(...bounds.map((b) => b.min));
    max = Math.max(...bounds.map((b) => b.max));
  } else {
    // Optional items may be left out, which can only move a sum towards zero.
    const required = definition.items.map((item) => item.required);
    min = bounds.reduce((a, b, i) => a + (required[i] ? b.min : Math.min(0, b.min)), 0);
    max = bounds.reduce((a, b, i) => a + (required[i] ? b.max : Math.max(0, b.max)), 0);
  }
  const apply = (v: number) => round(scale ? (v / scale.divideBy) * scale.multiplyBy : v, decimals);
  return { min: apply(min), max: apply(max) };
}
