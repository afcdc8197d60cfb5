import { describe, expect, it } from 'vitest';
import type { IsoDate } from '@/lib/dates';
import { EVERY_DAY } from '@/lib/weekdays';
import type { BuilderItemSeed, PickableExercise } from '@/components/routines/types';
import {
  draftFrom,
  draftFromExercise,
  initialDraft,
  moveTarget,
  routineDraftReducer,
  type DraftAction,
  type RoutineDraft,
} from '@/components/routines/use-routine-draft';

const today = '2026-11-25' as IsoDate;
const seed = (name: string): BuilderItemSeed => ({
  exerciseId: `ex-${name}`,
  exerciseName: name,
  bodyRegion: 'legs',
  archived: false,
  sets: 3,
  reps: 10,
  holdSeconds: null,
  daysMask: EVERY_DAY,
  timesPerDay: 2,
  note: '',
});
const opened = (names: string[], title = 'Knee rehab'): RoutineDraft =>
  initialDraft({
    today,
    current: { title, endDate: null, items: names.map(seed) },
    idempotencyKey: 'key-0',
  });
const apply = (draft: RoutineDraft, ...actions: DraftAction[]) =>
  actions.reduce(routineDraftReducer, draft);
const names = (draft: RoutineDraft) => draft.items.map((item) => item.exerciseName);

describe('the routine draft', () => {
  it('opens from the version in force, starting today, with the server’s key', () => {
    const draft = opened(['Squat', 'Bridge']);
    expect(draft).toMatchObject({
      title: 'Knee rehab',
      startDate: today,
      endDate: '',
      key: 'key-0',
    });
    expect(draft.items.map((i) => [i.uid, i.sets, i.holdSeconds, i.timesPerDay])).toEqual([
      ['c0', '3', '', '2'],
      ['c1', '3', '', '2'],
    ]);
    const ending = initialDraft({
      today,
      current: { title: 'T', endDate: '2026-12-01' as IsoDate, items: [] },
      idempotencyKey: 'k',
    });
    expect(ending.endDate).toBe('2026-12-01');
    const ended = initialDraft({
      today,
      current: { title: 'T', endDate: '2026-11-24' as IsoDate, items: [] },
      idempotencyKey: 'k',
    });
    expect(ended.endDate).toBe('');
    expect(initialDraft({ today, current: null, idempotencyKey: 'k' })).toMatchObject({
      title: '',
      items: [],
    });
  });

  it('every change is a new draft with the key that came with it', () => {
    const draft = apply(
      opened(['Squat']),
      { type: 'title', value: 'Week 2', key: 'key-1' },
      { type: 'endDate', value: '2026-12-31', key: 'key-2' },
    );
    expect(draft).toMatchObject({ title: 'Week 2', endDate: '2026-12-31', key: 'key-2' });
    const edited = apply(draft, {
      type: 'updateItem',
      uid: 'c0',
      patch: { sets: 'x' },
      key: 'key-3',
    });
    expect(edited.items[0]?.sets).toBe('x');
    expect(edited.key).toBe('key-3');
  });

  it('adds an exercise at its default dose, every day, once a day', () => {
    const exercise: PickableExercise = {
      id: 'ex-plank',
      name: 'Plank',
      bodyRegion: 'core',
      defaultSets: 2,
      defaultReps: 1,
      defaultHoldSeconds: 30,
      shipped: true,
    };
    const draft = apply(opened(['Squat']), {
      type: 'add',
      item: draftFromExercise(exercise, 'n1'),
      key: 'key-1',
    });
    expect(names(draft)).toEqual(['Squat', 'Plank']);
    expect(draft.items[1]).toMatchObject({
      sets: '2',
      reps: '1',
      holdSeconds: '30',
      daysMask: EVERY_DAY,
      timesPerDay: '1',
      note: '',
    });
  });

  it('moves and removes items; a move past the edge or a missing item changes nothing', () => {
    const start = opened(['A', 'B', 'C']);
    expect(names(apply(start, { type: 'move', uid: 'c0', direction: 1, key: 'k1' }))).toEqual([
      'B',
      'A',
      'C',
    ]);
    expect(names(apply(start, { type: 'move', uid: 'c2', direction: -1, key: 'k1' }))).toEqual([
      'A',
      'C',
      'B',
    ]);
    expect(moveTarget(start.items, 'c0', -1)).toBeNull();
    expect(apply(start, { type: 'move', uid: 'c0', direction: -1, key: 'k1' })).toBe(start);
    expect(apply(start, { type: 'move', uid: 'c2', direction: 1, key: 'k1' })).toBe(start);
    const removed = apply(start, { type: 'remove', uid: 'c1', key: 'k2' });
    expect(names(removed)).toEqual(['A', 'C']);
    expect(removed.key).toBe('k2');
    expect(apply(removed, { type: 'remove', uid: 'c1', key: 'k3' })).toBe(removed);
  });

  it('a template replaces the items, and names the routine only when it has no title', () => {
    const items = [draftFrom(seed('Bridge'), 'n9')];
    const untitled = apply(opened(['A'], ''), {
      type: 'applyTemplate',
      items,
      title: 'Knee basics',
      key: 'k1',
    });
    expect(untitled.title).toBe('Knee basics');
    expect(names(untitled)).toEqual(['Bridge']);
    const titled = apply(opened([], 'Mine'), {
      type: 'applyTemplate',
      items,
      title: 'Knee basics',
      key: 'k1',
    });
    expect(titled.title).toBe('Mine');
  });
});
