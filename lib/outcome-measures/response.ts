import type { Answers } from './answers';
import type { Definition } from './definition';
import { score, type ScoredResult } from './scoring';

/**
 * Turning what the patient's phone sent into a response to store: the answers checked and scored
 * against the definition version they were given on. Pure, so what the server accepts is
 * unit-tested.
 *
 * For an instrument whose activities the patient names (PSFS), the first response is the baseline:
 * it names them. Every later one rates the same activities; names sent again are ignored and the
 * baseline's used, so a renamed activity cannot pass for the same one, and an activity not named at
 * baseline cannot be rated.
 */

export type PreparedResponse = {
  answers: Answers;
  result: ScoredResult;
  /** The named activities by item id; null for an instrument without them. */
  activities: Record<string, string> | null;
};

export type PrepareResult = { ok: true; value: PreparedResponse } | { ok: false; message: string };

export function namesActivities(definition: Definition): boolean {
  return definition.items.some((item) => item.type === 'rating' && item.namedByPatient);
}

export function prepareResponse(
  definition: Definition,
  sent: Answers,
  baselineActivities: Record<string, string> | null,
): PrepareResult {
  const answers: Answers = {};
  let activities: Record<string, string> | null = null;
  if (namesActivities(definition)) {
    activities = {};
    for (const [itemId, answer] of Object.entries(sent)) {
      if (!('rating' in answer)) {
        answers[itemId] = answer;
        continue;
      }
      if (baselineActivities) {
        const name = baselineActivities[itemId];
        if (name === undefined) {
          return {
            ok: false,
            message: 'Rate only the activities you named the first time.',
          };
        }
        answers[itemId] = { rating: answer.rating, activity: name };
        activities[itemId] = name;
      } else {
        answers[itemId] = answer;
        if (answer.activity) activities[itemId] = answer.activity;
      }
    }
    if (baselineActivities) {
      const unrated = Object.keys(baselineActivities).filter((id) => answers[id] === undefined);
      if (unrated.length > 0) {
        return {
          ok: false,
          message: `Rate each of the activities you named: “${baselineActivities[unrated[0]!]}” has no rating.`,
        };
      }
    }
  } else {
    Object.assign(answers, sent);
  }

  const result = score(definition, answers);
  if (!result.complete) {
    const first = result.missing[0] ?? result.invalid[0];
    return { ok: false, message: first?.message ?? 'The answers are not complete.' };
  }
  return { ok: true, value: { answers, result, activities } };
}
