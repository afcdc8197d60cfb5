import type { BodyRegion } from '@/db/schema';

/** A library exercise the builder can add (the server passes the physio's visible library). */
export interface PickableExercise {
  id: string;
  name: string;
  bodyRegion: BodyRegion;
  defaultSets: number;
  defaultReps: number;
  defaultHoldSeconds: number | null;
  shipped: boolean;
}

/** An item as the server hands it to the builder (from the current version or a template). */
export interface BuilderItemSeed {
  exerciseId: string;
  exerciseName: string;
  bodyRegion: BodyRegion;
  archived: boolean;
  sets: number;
  reps: number;
  holdSeconds: number | null;
  daysMask: number;
  timesPerDay: number;
  note: string;
}

/** An item being edited: numbers kept as typed, so a bad value survives a failed save. */
export interface DraftItem {
  uid: string;
  exerciseId: string;
  exerciseName: string;
  bodyRegion: BodyRegion;
  archived: boolean;
  sets: string;
  reps: string;
  holdSeconds: string;
  daysMask: number;
  timesPerDay: string;
  note: string;
}

export type DraftField = 'sets' | 'reps' | 'holdSeconds' | 'timesPerDay' | 'note';
