import { useReducer } from 'react';
import type { IsoDate } from '@/lib/dates';
import { newIdempotencyKey } from '@/lib/idempotency-key';
import { EVERY_DAY } from '@/lib/weekdays';
import type { BuilderItemSeed, DraftItem, PickableExercise } from './types';

/*
 * The routine builder's draft: title, dates and the ordered items, as typed. Every change is a new
 * draft and so carries a new idempotency key (a retried save of the same draft is one save; a
 * changed draft is another). The reducer is pure: the key comes with the action.
 */

export interface RoutineDraft {
  title: string;
  startDate: string;
  endDate: string;
  items: DraftItem[];
  /** The idempotency key of this draft: the server's at first, a new one after every change. */
  key: string;
}

export type DraftChange =
  | { type: 'title' | 'startDate' | 'endDate'; value: string }
  | { type: 'updateItem'; uid: string; patch: Partial<DraftItem> }
  | { type: 'add'; item: DraftItem }
  | { type: 'applyTemplate'; items: DraftItem[]; title: string }
  | { type: 'move'; uid: string; direction: -1 | 1 }
  | { type: 'remove'; uid: string };

export type DraftAction = DraftChange & { key: string };

export function draftFrom(seed: BuilderItemSeed, uid: string): DraftItem {
  return {
    uid,
    exerciseId: seed.exerciseId,
    exerciseName: seed.exerciseName,
    bodyRegion: seed.bodyRegion,
    archived: seed.archived,
    sets: String(seed.sets),
    reps: String(seed.reps),
    holdSeconds: seed.holdSeconds === null ? '' : String(seed.holdSeconds),
    daysMask: seed.daysMask,
    timesPerDay: String(seed.timesPerDay),
    note: seed.note,
  };
}

/** A library exercise as a new item: its default dose, every day, once a day. */
export function draftFromExercise(exercise: PickableExercise, uid: string): DraftItem {
  return {
    uid,
    exerciseId: exercise.id,
    exerciseName: exercise.name,
    bodyRegion: exercise.bodyRegion,
    archived: false,
    sets: String(exercise.defaultSets),
    reps: String(exercise.defaultReps),
    holdSeconds: exercise.defaultHoldSeconds === null ? '' : String(exercise.defaultHoldSeconds),
    daysMask: EVERY_DAY,
    timesPerDay: '1',
    note: '',
  };
}

/** Where `uid` lands when moved by `direction`, or null when it cannot move that way. */
export function moveTarget(items: DraftItem[], uid: string, direction: -1 | 1): number | null {
  const from = items.findIndex((item) => item.uid === uid);
  const to = from + direction;
  return from < 0 || to < 0 || to >= items.length ? null : to;
}

function itemsAfter(items: DraftItem[], change: DraftChange): DraftItem[] | null {
  switch (change.type) {
    case 'updateItem':
      return items.map((item) => (item.uid === change.uid ? { ...item, ...change.patch } : item));
    case 'add':
      return [...items, change.item];
    case 'applyTemplate':
      return change.items;
    case 'move': {
      const to = moveTarget(items, change.uid, change.direction);
      const from = items.findIndex((item) => item.uid === change.uid);
      const moving = items[from];
      if (to === null || !moving) return null;
      const next = [...items];
      next.splice(from, 1);
      next.splice(to, 0, moving);
      return next;
    }
    case 'remove':
      return items.some((item) => item.uid === change.uid)
        ? items.filter((item) => item.uid !== change.uid)
        : null;
    default:
      return items;
  }
}

export function routineDraftReducer(draft: RoutineDraft, action: DraftAction): RoutineDraft {
  switch (action.type) {
    case 'title':
    case 'startDate':
    case 'endDate':
      return { ...draft, [action.type]: action.value, key: action.key };
    default: {
      const items = itemsAfter(draft.items, action);
      // A move past the edge or a remove of an item no longer there changes nothing.
      if (items === null) return draft;
      const title =
        action.type === 'applyTemplate' && !draft.title.trim() ? action.title : draft.title;
      return { ...draft, title, items, key: action.key };
    }
  }
}

/** The draft the builder opens with: the version in force (or nothing), starting today. */
export function initialDraft(options: {
  today: IsoDate;
  current: { title: string; endDate: IsoDate | null; items: BuilderItemSeed[] } | null;
  idempotencyKey: string;
}): RoutineDraft {
  const { today, current } = options;
  return {
    title: current?.title ?? '',
    startDate: today,
    endDate: current?.endDate && current.endDate >= today ? current.endDate : '',
    items: current?.items.map((seed, i) => draftFrom(seed, `c${i}`)) ?? [],
    key: options.idempotencyKey,
  };
}

/** The draft and `change`, which applies a change under a new idempotency key. */
export function useRoutineDraft(initial: Parameters<typeof initialDraft>[0]) {
  const [draft, dispatch] = useReducer(routineDraftReducer, initial, initialDraft);
  const change = (action: DraftChange) => dispatch({ ...action, key: newIdempotencyKey() });
  return [draft, change] as const;
}
