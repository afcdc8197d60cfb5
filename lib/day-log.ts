/*
 * A save of the patient's day is a set of changes, not a statement of the whole day: per exercise
 * "+1 / −1 relative to what this screen showed", and the pain score or the note only when the
 * patient changed them. Two devices saving the same day therefore add up instead of overwriting
 * each other, and a queue of saves (each with its own idempotency key) replays in order to the same
 * day. Kept free of validation code: the patient's page ships this file.
 */

/** One exercise's change: the item the screen showed, its exercise, and sessions added (−: undone). */
export interface ExerciseChange {
  exerciseId: string;
  change: number;
}

/** The day after a save, as the server answers it (and answers again to a replay of the key). */
export interface SavedDay {
  date: string;
  /** Sessions done that day across the day's programme. */
  sessionsDone: number;
  painScore: number | null;
  /** The day's programme after the save, with what is done: the screen's new starting point. */
  items: {
    itemId: string;
    exerciseId: string;
    exerciseName: string;
    timesPerDay: number;
    done: number;
  }[];
  /**
   * Changes to items that are no longer in the day's programme (the physio changed it after the
   * screen was loaded): where the same exercise is still prescribed the change went to its new item
   * (moved); otherwise it was not saved (removed). Null when the programme was as the screen showed.
   */
  programmeChanged: {
    moved: { itemId: string; toItemId: string; exerciseName: string }[];
    removed: { itemId: string }[];
  } | null;
  /** True when this answer is the stored first result of an earlier save with the same key. */
  replayed: boolean;
}

/**
 * After a discharge there is nothing to log: the save refuses a day after the discharge date, and
 * Today offers no form for one (the discharge day itself and the days before it stay loggable).
 */
export function programmeEndedBefore(date: string, dischargedOn: string | null): boolean {
  return dischargedOn !== null && date > dischargedOn;
}

export const PROGRAMME_ENDED = 'Your programme has ended, so there is nothing to log for this day.';

export const PROGRAMME_CHANGED = "Your programme changed — here is today's.";

export function savedMessage(saved: Pick<SavedDay, 'sessionsDone' | 'painScore'>): string {
  const { sessionsDone, painScore } = saved;
  const parts = [
    `${sessionsDone} exercise session${sessionsDone === 1 ? '' : 's'} done`,
    painScore === null ? null : `pain ${painScore} out of 10`,
  ].filter(Boolean);
  return `Saved: ${parts.join(', ')}.`;
}

export const movedNotice = (exerciseName: string) =>
  `${exerciseName} is still in today's programme: your tick is kept.`;
export const removedNotice = (exerciseName: string) =>
  `${exerciseName} is no longer in today's programme, so it was not saved.`;

/**
 * What the form's server action sends back to the page besides its message (a form state carries
 * strings only): `done.<itemId>` per item of the day's programme, `moved.<itemId>` (the new item)
 * and `removed.<itemId>` per change that met a changed programme, `pain`, and `replayed`.
 */
export function savedDayToData(saved: SavedDay): Record<string, string> {
  const data: Record<string, string> = {
    pain: saved.painScore === null ? '' : String(saved.painScore),
    replayed: saved.replayed ? 'yes' : 'no',
  };
  for (const item of saved.items) data[`done.${item.itemId}`] = String(item.done);
  for (const m of saved.programmeChanged?.moved ?? []) data[`moved.${m.itemId}`] = m.toItemId;
  for (const r of saved.programmeChanged?.removed ?? []) data[`removed.${r.itemId}`] = '';
  return data;
}

export interface SavedDayData {
  done: Record<string, number>;
  pain: number | null;
  moved: string[];
  removed: string[];
  replayed: boolean;
}

export function savedDayFromData(data: Record<string, string>): SavedDayData {
  const parsed: SavedDayData = {
    done: {},
    pain: data.pain ? Number(data.pain) : null,
    moved: [],
    removed: [],
    replayed: data.replayed === 'yes',
  };
  for (const [key, value] of Object.entries(data)) {
    const [kind, itemId] = key.split('.', 2);
    if (!itemId) continue;
    if (kind === 'done') parsed.done[itemId] = Number(value);
    else if (kind === 'moved') parsed.moved.push(itemId);
    else if (kind === 'removed') parsed.removed.push(itemId);
  }
  return parsed;
}

/** Changes the patient made on the screen and has not had confirmed yet. */
export interface PendingChanges {
  /** Per item id as the screen showed it; the exercise's name is kept for messages only. */
  exercises: Record<string, ExerciseChange & { exerciseName: string }>;
  pain?: number;
  note?: string;
}

export const noChanges = (): PendingChanges => ({ exercises: {} });

export function hasChanges(changes: PendingChanges): boolean {
  return (
    Object.keys(changes.exercises).length > 0 ||
    changes.pain !== undefined ||
    changes.note !== undefined
  );
}

export const changeOf = (changes: PendingChanges | null, itemId: string): number =>
  changes?.exercises[itemId]?.change ?? 0;

/** Sets an item's change (a change of 0 is no change and is dropped). */
export function withExerciseChange(
  changes: PendingChanges,
  item: { id: string; exerciseId: string; exerciseName: string },
  change: number,
): PendingChanges {
  const { [item.id]: _previous, ...others } = changes.exercises;
  return {
    ...changes,
    exercises:
      change === 0
        ? others
        : {
            ...others,
            [item.id]: { exerciseId: item.exerciseId, exerciseName: item.exerciseName, change },
          },
  };
}

/** Two sets of changes as one: the exercises add up, the later pain score and note win. */
export function combineChanges(earlier: PendingChanges, later: PendingChanges): PendingChanges {
  const exercises = { ...earlier.exercises };
  for (const [itemId, entry] of Object.entries(later.exercises)) {
    const change = (exercises[itemId]?.change ?? 0) + entry.change;
    if (change === 0) delete exercises[itemId];
    else exercises[itemId] = { ...entry, change };
  }
  return {
    exercises,
    pain: later.pain ?? earlier.pain,
    note: later.note ?? earlier.note,
  };
}

/** Sessions to show for an item: what the server last said plus unconfirmed changes, capped. */
export function shownCount(
  item: { id: string; timesPerDay: number },
  base: number,
  ...pending: (PendingChanges | null)[]
): number {
  const raw = pending.reduce((sum, changes) => sum + changeOf(changes, item.id), base);
  return Math.min(item.timesPerDay, Math.max(0, raw));
}

/** The form fields of a save: `exercises.<itemId>.exerciseId` / `.change`, `pain`, `note`. */
export function changesToForm(
  changes: PendingChanges,
  submission: { idempotencyKey: string; date: string },
): FormData {
  const form = new FormData();
  form.set('idempotencyKey', submission.idempotencyKey);
  form.set('date', submission.date);
  for (const [itemId, entry] of Object.entries(changes.exercises)) {
    form.set(`exercises.${itemId}.exerciseId`, entry.exerciseId);
    form.set(`exercises.${itemId}.change`, String(entry.change));
  }
  if (changes.pain !== undefined) form.set('pain', String(changes.pain));
  if (changes.note !== undefined) form.set('note', changes.note);
  return form;
}
