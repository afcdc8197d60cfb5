import type { ExerciseSummary } from '@/db/queries/exercises';
import type { EditableRoutineItem } from '@/db/queries/routines';
import type { BodyRegion } from '@/lib/body-regions';
import type { DoseField } from '@/lib/routine-item';
import type { RoutineItemDraft } from '@/lib/validation/routine';

/** A library exercise the builder can add (the server passes the physio's visible library). */
export type PickableExercise = Pick<
  ExerciseSummary,
  'id' | 'name' | 'bodyRegion' | 'defaultSets' | 'defaultReps' | 'defaultHoldSeconds' | 'shipped'
>;

/** An item as the server hands it to the builder (from the current version or a template). */
export type BuilderItemSeed = EditableRoutineItem;

/** An item being edited: numbers kept as typed, so a bad value survives a failed save. */
export interface DraftItem extends RoutineItemDraft {
  uid: string;
  exerciseName: string;
  bodyRegion: BodyRegion;
  archived: boolean;
}

/** What the item editor changes as text (the days are a set of checkboxes). */
export type DraftField = Exclude<DoseField, 'daysMask'>;
