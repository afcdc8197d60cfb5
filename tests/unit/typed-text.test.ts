import { describe, expect, it } from 'vitest';
import { auditFiltersSchema } from '@/lib/audit-filters';
import { accountListFiltersSchema, newPhysioSchema } from '@/lib/validation/account';
import { dayLogSchema } from '@/lib/validation/day-log';
import { exerciseFormSchema } from '@/lib/validation/exercise';
import { addPatientSchema } from '@/lib/validation/patient';
import { routineItemSchema } from '@/lib/validation/routine';
import { CONTROL_CHARACTER_MESSAGE, hasNoControlCharacters } from '@/lib/validation/text';

// PostgreSQL refuses NUL in text: before this rule a note or name holding one was a 500 ("nothing
// was saved") instead of a message under the field.
const messagesAt = (
  result: { error?: { issues: { path: PropertyKey[]; message: string }[] } },
  field: string,
) => result.error?.issues.filter((i) => i.path.join('.') === field).map((i) => i.message) ?? [];

describe('typed text', () => {
  it('keeps tabs, line breaks and any language, and refuses control characters', () => {
    for (const fine of ['Bridge\n2. Lift\r\n3. Hold\t10 s', 'Ærøskøbing — 背中 💪', '']) {
      expect(hasNoControlCharacters(fine), fine).toBe(true);
    }
    for (const bad of ['a\u0000b', 'bell\u0007', 'esc\u001b[31m', 'del\u007f', '\u000bvt']) {
      expect(hasNoControlCharacters(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('is the rule of every free-text field a form saves, with a message under the field', () => {
    const patient = addPatientSchema.safeParse({
      name: 'Ann\u0000',
      email: 'ann@example.com',
      condition: 'back\u0000',
      goal: 'walk\u0000',
    });
    for (const field of ['name', 'condition', 'goal']) {
      expect(messagesAt(patient, field), field).toEqual([CONTROL_CHARACTER_MESSAGE]);
    }
    expect(
      messagesAt(
        newPhysioSchema.safeParse({ role: 'physio', name: 'P\u0000', email: 'p@x.org' }),
        'name',
      ),
    ).toEqual([CONTROL_CHARACTER_MESSAGE]);
    const exercise = exerciseFormSchema.safeParse({
      name: 'Bridge\u0000',
      bodyRegion: 'hips',
      instructions: 'Lift\u0000',
      defaultSets: '2',
      defaultReps: '10',
    });
    expect(messagesAt(exercise, 'name')).toEqual([CONTROL_CHARACTER_MESSAGE]);
    expect(messagesAt(exercise, 'instructions')).toEqual([CONTROL_CHARACTER_MESSAGE]);
    const item = routineItemSchema.safeParse({
      exerciseId: '00000000-0000-4000-8000-000000000000',
      sets: 2,
      reps: 10,
      daysMask: 1,
      timesPerDay: 1,
      note: 'gently\u0000',
    });
    expect(messagesAt(item, 'note')).toEqual([CONTROL_CHARACTER_MESSAGE]);
    const log = dayLogSchema('2026-12-01').safeParse({
      idempotencyKey: '00000000-0000-4000-8000-000000000000',
      date: '2026-12-01',
      pain: 3,
      note: 'sore\u0000',
    });
    expect(messagesAt(log, 'note')).toEqual([CONTROL_CHARACTER_MESSAGE]);
  });

  it('drops a search with control characters, as it drops any other malformed filter', () => {
    expect(accountListFiltersSchema.parse({ search: 'ann\u0000' }).search).toBeUndefined();
    expect(auditFiltersSchema.parse({ who: 'ann\u0000' }).who).toBeUndefined();
    expect(auditFiltersSchema.parse({ who: 'ann' }).who).toBe('ann');
  });
});
