import { describe, expect, it } from 'vitest';
import {
  combineChanges,
  hasChanges,
  noChanges,
  savedDayFromData,
  savedDayToData,
  shownCount,
  withExerciseChange,
  type SavedDay,
} from '@/lib/day-log';

const A = { id: 'item-a', exerciseId: 'ex-a', exerciseName: 'Bird dog', timesPerDay: 2 };
const B = { id: 'item-b', exerciseId: 'ex-b', exerciseName: 'Dead bug', timesPerDay: 1 };

describe('the changes a patient’s screen holds until they are saved', () => {
  it('keeps a change per item and drops one that comes back to nothing', () => {
    const once = withExerciseChange(noChanges(), A, 1);
    expect(once.exercises).toEqual({
      'item-a': { exerciseId: 'ex-a', exerciseName: 'Bird dog', change: 1 },
    });
    expect(hasChanges(withExerciseChange(once, A, 0))).toBe(false);
    expect(hasChanges({ ...noChanges(), note: '' })).toBe(true);
  });

  it('shows what the server said plus the changes not yet confirmed, within 0 and the times per day', () => {
    const sent = withExerciseChange(noChanges(), A, 1);
    const open = withExerciseChange(noChanges(), A, 1);
    expect(shownCount(A, 0, sent, open)).toBe(2);
    expect(shownCount(A, 2, sent, open)).toBe(2);
    expect(shownCount(A, 0, withExerciseChange(noChanges(), A, -1))).toBe(0);
    expect(shownCount(B, 1, null, noChanges())).toBe(1);
  });

  it('puts a refused save back together with what was changed since: ticks add up, the later pain and note win', () => {
    const refused = { ...withExerciseChange(noChanges(), A, 1), pain: 4, note: 'first' };
    const since = { ...withExerciseChange(withExerciseChange(noChanges(), A, -1), B, 1), pain: 6 };
    const combined = combineChanges(refused, since);
    expect(combined).toEqual({
      exercises: { 'item-b': { exerciseId: 'ex-b', exerciseName: 'Dead bug', change: 1 } },
      pain: 6,
      note: 'first',
    });
  });

  it('carries a save’s answer to the page and back', () => {
    const saved: SavedDay = {
      date: '2026-11-25',
      sessionsDone: 3,
      painScore: 0,
      items: [
        { itemId: 'new-a', exerciseId: 'ex-a', exerciseName: 'Bird dog', timesPerDay: 2, done: 2 },
        {
          itemId: 'new-c',
          exerciseId: 'ex-c',
          exerciseName: 'Wall squat',
          timesPerDay: 1,
          done: 1,
        },
      ],
      programmeChanged: {
        moved: [{ itemId: 'item-a', toItemId: 'new-a', exerciseName: 'Bird dog' }],
        removed: [{ itemId: 'item-b' }],
      },
      replayed: false,
    };
    expect(savedDayFromData(savedDayToData(saved))).toEqual({
      done: { 'new-a': 2, 'new-c': 1 },
      pain: 0,
      moved: ['item-a'],
      removed: ['item-b'],
      replayed: false,
    });
    expect(
      savedDayFromData(savedDayToData({ ...saved, painScore: null, replayed: true })),
    ).toMatchObject({
      pain: null,
      replayed: true,
    });
  });
});
