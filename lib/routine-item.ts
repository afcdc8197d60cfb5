/**
 * The dose of one item of a programme, as `routine_items` stores it: what the patient does (sets,
 * reps, an optional hold), on which days (ISO weekdays as bits, lib/weekdays) and how many times
 * on such a day, with the physio's note. Every layer that carries an item — the builder, the
 * templates, the seed, the FHIR export — holds this shape, so a new dose field is added here.
 */
export interface ItemDose {
  sets: number;
  reps: number;
  holdSeconds: number | null;
  daysMask: number;
  timesPerDay: number;
  note: string;
}

export type DoseField = keyof ItemDose;

/** The dose as the builder edits it: the numbers kept as typed, so a bad value survives a save. */
export type ItemDoseDraft = Omit<ItemDose, 'sets' | 'reps' | 'holdSeconds' | 'timesPerDay'> & {
  sets: string;
  reps: string;
  holdSeconds: string;
  timesPerDay: string;
};

/**
 * Just the dose of an item that carries more (its id, exercise, position…): a stored item's, or
 * a draft's as typed.
 */
export function itemDose<T extends Record<DoseField, unknown>>(item: T): Pick<T, DoseField> {
  return {
    sets: item.sets,
    reps: item.reps,
    holdSeconds: item.holdSeconds,
    daysMask: item.daysMask,
    timesPerDay: item.timesPerDay,
    note: item.note,
  };
}
