import { describe, expect, it } from 'vitest';
import { type z } from 'zod';
import { LUMBAR_EXTENSION_AND_BRIDGING } from '@/lib/routine-templates';
import {
  endRoutineFormSchema,
  routineFormSchema,
  routineSchema,
  ROUTINE_MESSAGES,
} from '@/lib/validation/routine';
import { exerciseLibrary } from '@/db/seed/exercise-library';

const TODAY = '2026-11-03';
const today = () => TODAY;
const EXERCISE = '6f1c2c1e-6a0e-4c8e-9d55-0d6f2f7b8a11';
const PATIENT = 'c8b2a9f0-3d4e-4b5a-8c6d-7e8f9a0b1c2d';

const item = (overrides: Record<string, unknown> = {}) => ({
  exerciseId: EXERCISE,
  sets: '2',
  reps: '10',
  holdSeconds: '',
  daysMask: 127,
  timesPerDay: '1',
  note: '',
  ...overrides,
});

const form = (overrides: Record<string, unknown> = {}, items: unknown[] = [item()]) => ({
  patientId: PATIENT,
  idempotencyKey: '9b2f7c1e-4a8d-4c3b-9e6f-2d1a0b3c4d5e',
  title: 'Back programme',
  startDate: TODAY,
  endDate: '',
  items: JSON.stringify(items),
  ...overrides,
});

/** Field path → messages, as the action wrapper reports them. */
function errors(result: z.ZodSafeParseResult<unknown>): Record<string, string[]> {
  if (result.success) return {};
  const byPath: Record<string, string[]> = {};
  for (const issue of result.error.issues)
    (byPath[issue.path.join('.')] ??= []).push(issue.message);
  return byPath;
}

const parseForm = (overrides: Record<string, unknown> = {}, items?: unknown[]) =>
  routineFormSchema(today).safeParse(form(overrides, items));

describe('the routine builder form', () => {
  it('turns what was typed into a programme ready for the database', () => {
    const result = parseForm({ title: '  Back programme  ', endDate: '2026-12-15' }, [
      item({ sets: ' 3 ', holdSeconds: '5', timesPerDay: 2, note: ' Slowly\r\nthen rest ' }),
      item({ holdSeconds: null, daysMask: '21' }),
    ]);
    expect(result.success && result.data).toEqual({
      patientId: PATIENT,
      idempotencyKey: '9b2f7c1e-4a8d-4c3b-9e6f-2d1a0b3c4d5e',
      routine: {
        title: 'Back programme',
        startDate: TODAY,
        endDate: '2026-12-15',
        items: [
          {
            exerciseId: EXERCISE,
            sets: 3,
            reps: 10,
            holdSeconds: 5,
            daysMask: 127,
            timesPerDay: 2,
            note: 'Slowly\nthen rest',
          },
          {
            exerciseId: EXERCISE,
            sets: 2,
            reps: 10,
            holdSeconds: null,
            daysMask: 21,
            timesPerDay: 1,
            note: '',
          },
        ],
      },
    });
  });

  it('accepts its own output again (the data layer re-checks what the action parsed)', () => {
    const first = parseForm();
    if (!first.success) throw new Error('expected a valid form');
    const again = routineSchema(today).safeParse(first.data.routine);
    expect(again.success && again.data).toEqual(first.data.routine);
  });

  it.each([
    ['sets', '0', ROUTINE_MESSAGES.sets],
    ['sets', '21', ROUTINE_MESSAGES.sets],
    ['sets', '', ROUTINE_MESSAGES.sets],
    ['sets', '2.5', ROUTINE_MESSAGES.sets],
    ['sets', 'abc', ROUTINE_MESSAGES.sets],
    ['reps', '0', ROUTINE_MESSAGES.reps],
    ['reps', '101', ROUTINE_MESSAGES.reps],
    ['reps', -3, ROUTINE_MESSAGES.reps],
    ['holdSeconds', '0', ROUTINE_MESSAGES.holdSeconds],
    ['holdSeconds', '601', ROUTINE_MESSAGES.holdSeconds],
    ['holdSeconds', '1e2', ROUTINE_MESSAGES.holdSeconds],
    ['daysMask', 0, ROUTINE_MESSAGES.days],
    ['daysMask', 128, ROUTINE_MESSAGES.days],
    ['timesPerDay', '0', ROUTINE_MESSAGES.timesPerDay],
    ['timesPerDay', '4', ROUTINE_MESSAGES.timesPerDay],
    ['note', 'x'.repeat(501), ROUTINE_MESSAGES.noteTooLong],
    ['exerciseId', 'not-an-id', ROUTINE_MESSAGES.exercise],
  ])('refuses %s = %j with a message under that field of that item', (field, value, message) => {
    const result = parseForm({}, [item(), item({ [field]: value })]);
    expect(errors(result)).toEqual({ [`items.1.${field}`]: [message] });
  });

  it('keeps limits at their edges', () => {
    const result = parseForm({}, [
      item({ sets: '1', reps: '1', holdSeconds: '1', daysMask: 1, timesPerDay: '1' }),
      item({ sets: 20, reps: 100, holdSeconds: 600, daysMask: 127, timesPerDay: 3 }),
      item({ note: 'x'.repeat(500) }),
    ]);
    expect(errors(result)).toEqual({});
  });

  it('reports every bad field at once, dates included', () => {
    const result = parseForm({ title: ' ', startDate: TODAY, endDate: '2026-11-01' }, [
      item({ sets: '0', daysMask: 0 }),
    ]);
    expect(errors(result)).toEqual({
      title: [ROUTINE_MESSAGES.title],
      endDate: [ROUTINE_MESSAGES.endInPast],
      'items.0.sets': [ROUTINE_MESSAGES.sets],
      'items.0.daysMask': [ROUTINE_MESSAGES.days],
    });
  });

  it('needs at least one exercise, and at most 30', () => {
    expect(errors(parseForm({}, []))).toEqual({ items: [ROUTINE_MESSAGES.itemsMissing] });
    expect(
      errors(
        parseForm(
          {},
          Array.from({ length: 31 }, () => item()),
        ),
      ),
    ).toEqual({
      items: [ROUTINE_MESSAGES.itemsTooMany],
    });
  });

  it('says so when the item list is not JSON or not a list, rather than failing', () => {
    expect(errors(parseForm({ items: '{oops' }))).toEqual({
      items: [ROUTINE_MESSAGES.itemsUnreadable],
    });
    expect(errors(parseForm({ items: '{"a":1}' }))).toEqual({
      items: [ROUTINE_MESSAGES.itemsUnreadable],
    });
    expect(errors(parseForm({ items: undefined }))).toEqual({
      items: [ROUTINE_MESSAGES.itemsMissing],
    });
  });

  describe('start date', () => {
    it('may be today or up to 90 days ago', () => {
      expect(errors(parseForm({ startDate: '2026-08-05' }))).toEqual({});
      expect(errors(parseForm({ startDate: '2026-08-04' }))).toEqual({
        startDate: [ROUTINE_MESSAGES.startTooEarly],
      });
    });

    it('may not be in the future', () => {
      expect(errors(parseForm({ startDate: '2026-11-04' }))).toEqual({
        startDate: [ROUTINE_MESSAGES.startInFuture],
      });
    });

    it('must be a real date', () => {
      expect(errors(parseForm({ startDate: '' }))).toEqual({
        startDate: [ROUTINE_MESSAGES.startDateMissing],
      });
      for (const bad of ['2026-02-30', '03/11/2026', 'today']) {
        expect(errors(parseForm({ startDate: bad }))).toEqual({
          startDate: [ROUTINE_MESSAGES.startDate],
        });
      }
    });

    it('is read when the form is parsed, not when the schema is made', () => {
      let now = '2026-11-03';
      const schema = routineFormSchema(() => now);
      expect(schema.safeParse(form({ startDate: '2026-11-04' })).success).toBe(false);
      now = '2026-11-04';
      expect(schema.safeParse(form({ startDate: '2026-11-04' })).success).toBe(true);
    });
  });

  describe('end date', () => {
    it('is optional and may be the start day itself', () => {
      expect(errors(parseForm({ endDate: '' }))).toEqual({});
      expect(errors(parseForm({ endDate: undefined }))).toEqual({});
      expect(errors(parseForm({ endDate: TODAY }))).toEqual({});
    });

    it('may not be in the past, nor more than a year after the start', () => {
      expect(errors(parseForm({ endDate: '2026-11-02' }))).toEqual({
        endDate: [ROUTINE_MESSAGES.endInPast],
      });
      // A programme begun on paper may not have ended already, either.
      expect(errors(parseForm({ startDate: '2026-10-01', endDate: '2026-11-02' }))).toEqual({
        endDate: [ROUTINE_MESSAGES.endInPast],
      });
      expect(errors(parseForm({ startDate: '2026-10-01', endDate: '2027-10-03' }))).toEqual({
        endDate: [ROUTINE_MESSAGES.endTooLate],
      });
      expect(errors(parseForm({ endDate: '2027-11-04' }))).toEqual({});
      expect(errors(parseForm({ endDate: '2027-11-05' }))).toEqual({
        endDate: [ROUTINE_MESSAGES.endTooLate],
      });
      expect(errors(parseForm({ endDate: 'soon' }))).toEqual({
        endDate: [ROUTINE_MESSAGES.endDate],
      });
    });

    it('is not compared with a start date that is itself wrong', () => {
      expect(errors(parseForm({ startDate: 'x', endDate: '2026-01-01' }))).toEqual({
        startDate: [ROUTINE_MESSAGES.startDate],
      });
    });
  });

  it('refuses a missing patient or an expired form key', () => {
    expect(errors(parseForm({ patientId: 'x', idempotencyKey: 'short' }))).toEqual({
      patientId: [ROUTINE_MESSAGES.patient],
      idempotencyKey: [ROUTINE_MESSAGES.expired],
    });
  });
});

describe('ending a programme', () => {
  it('needs a real date for the last day', () => {
    expect(endRoutineFormSchema.safeParse({ patientId: PATIENT, endDate: TODAY }).success).toBe(
      true,
    );
    expect(errors(endRoutineFormSchema.safeParse({ patientId: PATIENT, endDate: '' }))).toEqual({
      endDate: [ROUTINE_MESSAGES.routineEnd],
    });
  });
});

describe('the "Lumbar extension & bridging" template', () => {
  it('uses shipped exercises, starting with the two classics, at valid doses', () => {
    const keys = new Set(exerciseLibrary.map((e) => e.libraryKey));
    const template = LUMBAR_EXTENSION_AND_BRIDGING;
    expect(template.items.slice(0, 2).map((i) => i.libraryKey)).toEqual([
      'prone-press-up',
      'bridge-single-leg-extension',
    ]);
    for (const { libraryKey, ...dose } of template.items) {
      expect(keys.has(libraryKey)).toBe(true);
      const parsed = routineSchema(today).safeParse({
        title: template.title,
        startDate: TODAY,
        endDate: null,
        items: [{ exerciseId: EXERCISE, ...dose }],
      });
      expect(errors(parsed)).toEqual({});
    }
  });
});
