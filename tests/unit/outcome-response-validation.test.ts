import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SHIPPED } from '@/lib/outcome-measures';
import { prepareResponse } from '@/lib/outcome-measures/response';
import { assignMeasureSchema, outcomeResponseSchema } from '@/lib/validation/outcome-measures';

const psfs = SHIPPED.find((d) => d.id === 'psfs')!;
const startBack = SHIPPED.find((d) => d.id === 'start-back')!;

const form = (answers: unknown, over: Record<string, string> = {}) => ({
  idempotencyKey: randomUUID(),
  instrumentId: 'psfs',
  answers: typeof answers === 'string' ? answers : JSON.stringify(answers),
  ...over,
});

const messages = (input: unknown) => {
  const parsed = outcomeResponseSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
};

describe('the answers form', () => {
  it('reads answers sent as JSON', () => {
    const parsed = outcomeResponseSchema.parse(
      form({ activity1: { rating: 4, activity: ' Gardening ' } }),
    );
    expect(parsed.answers).toEqual({ activity1: { rating: 4, activity: 'Gardening' } });
  });
  it('says what is wrong in words', () => {
    expect(messages(form('{not json'))).toEqual([
      'The answers could not be read. Reload the page and try again.',
    ]);
    expect(messages(form({ activity1: { rating: 4, activity: '   ' } }))).toEqual([
      'Name the activity.',
    ]);
    expect(messages(form({ activity1: { rating: 4, activity: 'x'.repeat(201) } }))).toEqual([
      'The activity can be at most 200 characters.',
    ]);
    expect(messages(form({ q1: { option: 'yes' } }))).toEqual([
      'The answers could not be read. Reload the page and try again.',
    ]);
    expect(messages(form({}, { instrumentId: 'DROP TABLE' }))).toEqual(['Choose a questionnaire.']);
    expect(messages(form({}, { idempotencyKey: 'x' }))).toEqual([
      'This form is out of date. Reload the page and try again.',
    ]);
  });
  it('needs a schedule the app knows', () => {
    const parsed = assignMeasureSchema.safeParse({
      patientId: randomUUID(),
      instrumentId: 'psfs',
      schedule: 'every_3_weeks',
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('Choose when the patient answers it.');
  });
});

describe('preparing a response', () => {
  it('PSFS baseline keeps the named activities', () => {
    const result = prepareResponse(
      psfs,
      {
        activity1: { rating: 2, activity: 'Bending' },
        activity2: { rating: 5, activity: 'Driving' },
      },
      null,
    );
    expect(result).toMatchObject({
      ok: true,
      value: { activities: { activity1: 'Bending', activity2: 'Driving' }, result: { score: 3.5 } },
    });
  });
  it('PSFS baseline needs each rated activity named', () => {
    expect(prepareResponse(psfs, { activity1: { rating: 2 } }, null)).toEqual({
      ok: false,
      message: 'Question 1 has a rating but no activity named.',
    });
  });
  it('PSFS later: the baseline names win, and every named activity must be rated', () => {
    const baseline = { activity1: 'Bending', activity2: 'Driving' };
    expect(
      prepareResponse(
        psfs,
        { activity1: { rating: 7, activity: 'Other' }, activity2: { rating: 8 } },
        baseline,
      ),
    ).toMatchObject({
      ok: true,
      value: {
        answers: {
          activity1: { rating: 7, activity: 'Bending' },
          activity2: { rating: 8, activity: 'Driving' },
        },
        result: { score: 7.5 },
      },
    });
    expect(prepareResponse(psfs, { activity1: { rating: 7 } }, baseline)).toEqual({
      ok: false,
      message: 'Rate each of the activities you named: “Driving” has no rating.',
    });
    expect(
      prepareResponse(
        psfs,
        { activity1: { rating: 7 }, activity2: { rating: 1 }, activity3: { rating: 1 } },
        baseline,
      ),
    ).toEqual({ ok: false, message: 'Rate only the activities you named the first time.' });
  });
  it('a rating off the scale or an option that does not exist is refused', () => {
    expect(prepareResponse(psfs, { activity1: { rating: 11, activity: 'Walk' } }, null)).toEqual({
      ok: false,
      message: 'Question 1 must be rated from 0 to 10.',
    });
    const answers = Object.fromEntries(startBack.items.map((item) => [item.id, { option: 0 }]));
    expect(prepareResponse(startBack, { ...answers, q9: { option: 5 } }, null)).toEqual({
      ok: false,
      message: 'Question 9 has no answer option 6.',
    });
    expect(prepareResponse(startBack, answers, null)).toMatchObject({
      ok: true,
      value: { activities: null, result: { score: 0, band: { id: 'low' } } },
    });
  });
});
