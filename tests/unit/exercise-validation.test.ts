import { describe, expect, it } from 'vitest';
import { bodyRegionEnum } from '@/db/schema';
import { BODY_REGION_LABELS, BODY_REGIONS } from '@/lib/body-regions';
import {
  EXERCISE_MESSAGES,
  exerciseFiltersSchema,
  exerciseFormSchema,
  exerciseFormValues,
  instructionSteps,
} from '@/lib/validation/exercise';

/** A valid form as FormData gives it: every value a string. */
const form = (overrides: Record<string, string | undefined> = {}) => ({
  name: 'Seated knee extension',
  bodyRegion: 'legs',
  instructions: '1. Sit tall.\n2. Straighten one knee.',
  defaultSets: '2',
  defaultReps: '10',
  defaultHoldSeconds: '',
  mediaUrl: '',
  ...overrides,
});

function errorsOf(input: Record<string, unknown>) {
  const result = exerciseFormSchema.safeParse(input);
  if (result.success) return {};
  const errors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0]);
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}

describe('exercise form', () => {
  it('accepts a valid form and gives database-ready values', () => {
    expect(
      exerciseFormSchema.parse(
        form({
          name: '  Seated knee extension ',
          instructions: '  1. Sit tall.\r\n2. Straighten one knee.\r\n',
          defaultSets: ' 3 ',
          defaultHoldSeconds: '5',
          mediaUrl: 'HTTPS://Example.org/video',
        }),
      ),
    ).toEqual({
      name: 'Seated knee extension',
      bodyRegion: 'legs',
      instructions: '1. Sit tall.\n2. Straighten one knee.',
      defaultSets: 3,
      defaultReps: 10,
      defaultHoldSeconds: 5,
      mediaUrl: 'https://example.org/video',
    });
  });

  it('turns empty optional fields, or missing ones, into null', () => {
    const { defaultHoldSeconds: _h, mediaUrl: _m, ...required } = form();
    expect(exerciseFormSchema.parse(required)).toMatchObject({
      defaultHoldSeconds: null,
      mediaUrl: null,
    });
    expect(
      exerciseFormSchema.parse(form({ defaultHoldSeconds: '  ', mediaUrl: ' ' })),
    ).toMatchObject({ defaultHoldSeconds: null, mediaUrl: null });
  });

  it('asks for a name, and keeps it to 120 characters', () => {
    expect(errorsOf(form({ name: '' })).name).toEqual([EXERCISE_MESSAGES.name]);
    expect(errorsOf(form({ name: '   ' })).name).toEqual(['Enter a name.']);
    expect(errorsOf(form({ name: undefined })).name).toEqual(['Enter a name.']);
    expect(errorsOf(form({ name: 'a'.repeat(120) })).name).toBeUndefined();
    expect(errorsOf(form({ name: 'a'.repeat(121) })).name).toEqual([
      'Keep the name to 120 characters or fewer.',
    ]);
  });

  it('accepts only the known body regions', () => {
    for (const region of BODY_REGIONS) {
      expect(errorsOf(form({ bodyRegion: region })).bodyRegion).toBeUndefined();
    }
    for (const region of ['', 'neck', 'LOWER_BACK', undefined]) {
      expect(errorsOf(form({ bodyRegion: region })).bodyRegion).toEqual(['Choose a body region.']);
    }
  });

  it('asks for instructions of at most 4,000 characters, counting a line break once', () => {
    expect(errorsOf(form({ instructions: ' \r\n ' })).instructions).toEqual([
      EXERCISE_MESSAGES.instructions,
    ]);
    expect(errorsOf(form({ instructions: 'a'.repeat(4001) })).instructions).toEqual([
      EXERCISE_MESSAGES.instructionsTooLong,
    ]);
    // 2,000 lines of "a" joined by CRLF are 5,998 characters as sent but 3,999 as stored.
    const lines = Array.from({ length: 2000 }, () => 'a').join('\r\n');
    expect(errorsOf(form({ instructions: lines })).instructions).toBeUndefined();
  });

  it.each([
    ['defaultSets', 'Sets must be a whole number from 1 to 20.', ['1', '20'], ['0', '21', '-1']],
    [
      'defaultReps',
      'Reps must be a whole number from 1 to 100.',
      ['1', '100'],
      ['0', '101', '500'],
    ],
    [
      'defaultHoldSeconds',
      'Hold must be a whole number of seconds from 1 to 600, or left empty.',
      ['1', '600', ''],
      ['0', '601'],
    ],
  ])('checks %s as a whole number in range', (field, message, good, bad) => {
    for (const value of good) expect(errorsOf(form({ [field]: value }))[field]).toBeUndefined();
    for (const value of [...bad, '3.5', 'abc', '1e1', '+3', '0x10', '3 4', '١٢']) {
      expect(errorsOf(form({ [field]: value }))[field], value).toEqual([message]);
    }
  });

  it('requires sets and reps', () => {
    const errors = errorsOf(form({ defaultSets: '', defaultReps: undefined }));
    expect(errors.defaultSets).toEqual([EXERCISE_MESSAGES.sets]);
    expect(errors.defaultReps).toEqual([EXERCISE_MESSAGES.reps]);
  });

  it('accepts only https links', () => {
    for (const url of ['https://example.org', 'https://videos.example.org/watch?v=1#t=2']) {
      expect(errorsOf(form({ mediaUrl: url })).mediaUrl).toBeUndefined();
    }
    for (const url of [
      'http://example.org',
      'javascript:alert(1)',
      'example.org',
      'https://',
      'ftp://example.org',
      'https://user:secret@example.org',
      'data:text/html,hi',
    ]) {
      expect(errorsOf(form({ mediaUrl: url })).mediaUrl, url).toEqual([EXERCISE_MESSAGES.mediaUrl]);
    }
    expect(
      errorsOf(form({ mediaUrl: `https://example.org/${'a'.repeat(2000)}` })).mediaUrl,
    ).toEqual([EXERCISE_MESSAGES.mediaUrlTooLong]);
  });

  it('reports every bad field at once', () => {
    expect(
      Object.keys(errorsOf({ name: '', defaultSets: '0', defaultReps: '500' })).sort(),
    ).toEqual(['bodyRegion', 'defaultReps', 'defaultSets', 'instructions', 'name']);
  });

  it('fills the form back from a stored exercise', () => {
    const values = exerciseFormValues({
      name: 'Bridge',
      bodyRegion: 'hips',
      instructions: '1. Lift.',
      defaultSets: 2,
      defaultReps: 6,
      defaultHoldSeconds: null,
      mediaUrl: null,
    });
    expect(values).toEqual({
      name: 'Bridge',
      bodyRegion: 'hips',
      instructions: '1. Lift.',
      defaultSets: '2',
      defaultReps: '6',
      defaultHoldSeconds: '',
      mediaUrl: '',
    });
    expect(exerciseFormSchema.parse(values)).toMatchObject({ defaultSets: 2, defaultReps: 6 });
  });
});

describe('instruction steps', () => {
  it('splits numbered lines into steps without their numbers', () => {
    expect(instructionSteps('1. Lie down.\n2. Lift your hips.\n10) Rest.')).toEqual([
      'Lie down.',
      'Lift your hips.',
      'Rest.',
    ]);
  });

  it('takes each non-empty line as a step, bullets or not', () => {
    expect(instructionSteps('\r\nLie down.\r\n\r\n- Lift\n• Lower  \n')).toEqual([
      'Lie down.',
      'Lift',
      'Lower',
    ]);
  });

  it('keeps numbers that are part of the sentence', () => {
    expect(instructionSteps('10 slow breaths.\n2.5 kg weight is fine.')).toEqual([
      '10 slow breaths.',
      '2.5 kg weight is fine.',
    ]);
  });
});

describe('body regions', () => {
  it('are the database enum, each with a label', () => {
    expect([...BODY_REGIONS].sort()).toEqual([...bodyRegionEnum.enumValues].sort());
    expect(BODY_REGION_LABELS).toMatchObject({
      lower_back: 'Lower back',
      core: 'Core',
      hips: 'Hips & glutes',
      legs: 'Legs',
      whole_body: 'Whole body',
    });
  });
});

describe('library filters from the URL', () => {
  it('keeps known values and drops the rest', () => {
    expect(
      exerciseFiltersSchema.parse({ search: ' bridge ', region: 'hips', archived: 'show' }),
    ).toEqual({ search: 'bridge', region: 'hips', archived: true });
    expect(
      exerciseFiltersSchema.parse({ search: ['a', 'b'], region: 'neck', archived: 'yes' }),
    ).toEqual({ search: undefined, region: undefined, archived: false });
    expect(exerciseFiltersSchema.parse({})).toEqual({
      search: undefined,
      region: undefined,
      archived: false,
    });
  });
});
