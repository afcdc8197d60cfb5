import { describe, expect, it } from 'vitest';
import {
  changeFromBaseline,
  findDefinition,
  parseDefinitionFile,
  score,
  SHIPPED,
} from '@/lib/outcome-measures';
import type { Answers } from '@/lib/outcome-measures/answers';
import { parseDefinition } from '@/lib/outcome-measures/import';

const startBack = SHIPPED.find((d) => d.id === 'start-back')!;
const psfs = SHIPPED.find((d) => d.id === 'psfs')!;

/** STarT Back answers from agree (1) / disagree (0) for items 1–8 and item 9's option position. */
function sbst(items: number[], q9: number): Answers {
  const answers: Answers = {};
  items.forEach((agree, i) => (answers[`q${i + 1}`] = { option: agree }));
  answers.q9 = { option: q9 };
  return answers;
}

describe('STarT Back (hand-scored)', () => {
  it.each([
    ['total 3 → low', [1, 1, 1, 0, 0, 0, 0, 0], 0, 3, 0, 'low'],
    ['total 4, subscale 0 → medium', [1, 1, 1, 1, 0, 0, 0, 0], 0, 4, 0, 'medium'],
    ['total 4, subscale 3 → medium', [1, 0, 0, 0, 1, 1, 1, 0], 0, 4, 3, 'medium'],
    ['total 5, subscale 3 → medium', [1, 1, 0, 0, 1, 1, 0, 0], 3, 5, 3, 'medium'],
    ['total 4, subscale 4 → high', [0, 0, 0, 0, 1, 1, 1, 1], 0, 4, 4, 'high'],
    ['total 9, subscale 5 → high', [1, 1, 1, 1, 1, 1, 1, 1], 4, 9, 5, 'high'],
    ['total 3, subscale 3 → low', [0, 0, 0, 0, 1, 1, 0, 0], 3, 3, 3, 'low'],
    ['all disagree → low', [0, 0, 0, 0, 0, 0, 0, 0], 0, 0, 0, 'low'],
  ])('%s', (_, items, q9, total, subscale, group) => {
    const result = score(startBack, sbst(items, q9));
    expect(result.complete).toBe(true);
    if (!result.complete) return;
    expect(result.score).toBe(total);
    expect(result.subscales.psychosocial).toBe(subscale);
    expect(result.band?.id).toBe(group);
  });

  it.each([
    [0, 'Not at all', 0],
    [1, 'Slightly', 0],
    [2, 'Moderately', 0],
    [3, 'Very much', 1],
    [4, 'Extremely', 1],
  ])('item 9 option %i (%s) scores %i', (option, label, value) => {
    expect(startBack.items[8]?.type === 'choice' && startBack.items[8].options[option]?.label).toBe(
      label,
    );
    const result = score(startBack, sbst([0, 0, 0, 0, 0, 0, 0, 0], option));
    expect(result.complete && result.score).toBe(value);
  });

  it('reports missing and invalid answers by question', () => {
    const answers = sbst([1, 1, 1, 1, 1, 1, 1, 1], 7);
    delete answers.q2;
    const result = score(startBack, answers);
    expect(result.complete).toBe(false);
    if (result.complete) return;
    expect(result.missing).toEqual([{ itemId: 'q2', message: 'Question 2 has no answer.' }]);
    expect(result.invalid).toEqual([
      { itemId: 'q9', message: 'Question 9 has no answer option 8.' },
    ]);
  });

  it('keeps Keele’s copyright notice and has no change threshold', () => {
    expect(startBack.copyright).toContain('Keele University');
    const r = changeFromBaseline(
      startBack,
      { instrument: { id: 'start-back', version: 1 }, score: 6 },
      { instrument: { id: 'start-back', version: 1 }, score: 2 },
    );
    expect(r.ok && r.value).toMatchObject({ delta: -4, verdict: null });
  });
});

describe('PSFS (hand-scored)', () => {
  const rated = (...ratings: number[]): Answers =>
    Object.fromEntries(
      ratings.map((rating, i) => [`activity${i + 1}`, { rating, activity: `Activity ${i}` }]),
    );

  it.each([
    [[3, 4, 5, 6, 7], 5],
    [[2, 3, 5], 3.33],
    [[7], 7],
    [[0, 10], 5],
  ])('ratings %j → mean %d', (ratings, mean) => {
    const result = score(psfs, rated(...ratings));
    expect(result.complete && result.score).toBe(mean);
    expect(result.complete && result.answered).toBe(ratings.length);
  });

  it('needs a named activity and a rating on 0–10', () => {
    const result = score(psfs, {
      activity1: { rating: 4 },
      activity2: { rating: 11, activity: 'Run' },
    });
    expect(result.complete).toBe(false);
    if (result.complete) return;
    expect(result.missing[0]?.message).toBe('Question 1 has a rating but no activity named.');
    expect(result.invalid[0]?.message).toBe('Question 2 must be rated from 0 to 10.');
  });

  it('2 points on the mean is an important change, higher is better', () => {
    const at = (s: number) => ({ instrument: { id: 'psfs', version: 1 }, score: s });
    const verdict = (a: number, b: number) => {
      const r = changeFromBaseline(psfs, at(a), at(b));
      return r.ok ? r.value.verdict : r.message;
    };
    expect(verdict(3, 5)).toBe('improvement');
    expect(verdict(3, 4.9)).toBe('no_important_change');
    expect(verdict(5, 3)).toBe('worsening');
    expect(verdict(5, 3.5)).toBe('no_important_change');
  });
});

/** RMDQ is not shipped (wording not established); a clinic loads it as a definition file. */
const rmdqShaped = {
  id: 'clinic-rmdq',
  version: 1,
  name: 'Clinic RMDQ (test wording)',
  copyright: 'test',
  licence: 'test',
  citation: 'test',
  items: Array.from({ length: 24 }, (_, i) => ({
    type: 'choice',
    id: `s${i + 1}`,
    text: `Test statement ${i + 1}`,
    options: [
      { label: 'No', value: 0 },
      { label: 'Yes', value: 1 },
    ],
  })),
  scoring: { method: 'sum' },
  change: {
    direction: 'lower_is_better',
    improvement: { points: 5, percent: 30 },
    source: 'Ostelo et al. 2008',
  },
};

describe('RMDQ-shaped clinic definition', () => {
  const result = parseDefinitionFile(JSON.stringify(rmdqShaped));
  if (!result.ok) throw new Error(result.errors.join('\n'));
  const rmdq = result.definition;
  const yes = (n: number): Answers =>
    Object.fromEntries(rmdq.items.map((item, i) => [item.id, { option: i < n ? 1 : 0 }]));

  it.each([0, 7, 24])('%i yes → score %i', (n) => {
    const r = score(rmdq, yes(n));
    expect(r.complete && r.score).toBe(n);
  });

  it.each([
    [20, 15, 'improvement'], // 5 points
    [20, 16, 'no_important_change'], // 4 points, 20 %
    [10, 7, 'improvement'], // 3 points but 30 %
    [10, 8, 'no_important_change'], // 2 points, 20 %
    [10, 15, 'worsening'],
  ])('baseline %i → latest %i: %s (lower is better)', (a, b, verdict) => {
    const at = (s: number) => ({ instrument: { id: 'clinic-rmdq', version: 1 }, score: s });
    const r = changeFromBaseline(rmdq, at(a), at(b));
    expect(r.ok && r.value.verdict).toBe(verdict);
  });
});

describe('clinic definition files', () => {
  it('scales an ODI-shaped sum (sum ÷ 50 × 100) and bands it', () => {
    const odiShaped = {
      ...rmdqShaped,
      id: 'made-up-index',
      items: Array.from({ length: 10 }, (_, i) => ({
        type: 'choice',
        id: `section${i + 1}`,
        text: `Made-up section ${i + 1}`,
        options: [0, 1, 2, 3, 4, 5].map((value) => ({ label: `Statement ${value}`, value })),
      })),
      scoring: {
        method: 'sum',
        scale: { divideBy: 50, multiplyBy: 100 },
        bands: [
          { id: 'minimal', label: 'Minimal', max: 20 },
          { id: 'moderate', label: 'Moderate', min: 21, max: 40 },
          { id: 'severe', label: 'Severe', min: 41 },
        ],
      },
      change: undefined,
    };
    const result = parseDefinition(odiShaped);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const answers: Answers = Object.fromEntries(
      result.definition.items.map((item, i) => [item.id, { option: i < 6 ? 3 : 1 }]),
    );
    const r = score(result.definition, answers); // 6×3 + 4×1 = 22 → 44 %
    expect(r.complete && r.score).toBe(44);
    expect(r.complete && r.band?.id).toBe('severe');
  });

  it('names the path of each error', () => {
    const bad = structuredClone(rmdqShaped) as Record<string, unknown> & typeof rmdqShaped;
    (bad.items[3]!.options[1] as { value: unknown }).value = 1.5;
    delete (bad as Partial<typeof bad>).name;
    (bad as Record<string, unknown>).colour = 'red';
    const result = parseDefinitionFile(JSON.stringify(bad));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toContain('items[3].options[1].value: must be a whole number');
    expect(result.errors).toContain('name: is required');
    expect(result.errors).toContain('unknown field "colour"');
  });

  it('checks ids across the definition', () => {
    const bad = structuredClone(rmdqShaped);
    bad.items[1]!.id = 's1';
    const result = parseDefinition({
      ...bad,
      scoring: { method: 'sum', subscales: [{ id: 'x', name: 'X', items: ['nope'] }] },
    });
    expect(result.ok === false && result.errors).toEqual([
      'items[1].id: "s1" is used by an earlier item',
      'scoring.subscales[0].items[0]: "nope" is not the id of an item',
    ]);
  });

  it('refuses a file that is not JSON', () => {
    const result = parseDefinitionFile('{ nope');
    expect(result.ok === false && result.errors[0]).toMatch(/^The file is not valid JSON/);
  });
});

describe('versions', () => {
  it('scores stored answers with the version they were given on', () => {
    const v1 = parseDefinition({ ...rmdqShaped, items: rmdqShaped.items.slice(0, 2) });
    const v2 = parseDefinition({
      ...rmdqShaped,
      version: 2,
      items: rmdqShaped.items.slice(0, 2).map((item) => ({
        ...item,
        options: [
          { label: 'No', value: 0 },
          { label: 'Yes', value: 2 },
        ],
      })),
    });
    if (!v1.ok || !v2.ok) throw new Error('fixtures');
    const stored = {
      instrumentId: 'clinic-rmdq',
      version: 1,
      answers: { s1: { option: 1 }, s2: { option: 1 } },
    };
    const definition = findDefinition([v1.definition, v2.definition], stored)!;
    const r = score(definition, stored.answers);
    expect(r.complete && r.score).toBe(2);
    expect(r.instrument).toEqual({ id: 'clinic-rmdq', version: 1 });
    expect(
      findDefinition([v1.definition], { instrumentId: 'clinic-rmdq', version: 3 }),
    ).toBeUndefined();
  });
});
