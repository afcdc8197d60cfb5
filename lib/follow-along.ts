/*
 * Following an exercise while doing it: which set and repetition the patient is on, counted by a
 * tap per repetition (or by the end of each hold when the exercise has one). Pure, so that the
 * counting is tested without a browser; the card's timer and sound live in the component.
 */

export interface Dose {
  sets: number;
  reps: number;
  holdSeconds: number | null;
}

export interface FollowAlong {
  /** Sets finished. */
  setsDone: number;
  /** Repetitions finished in the set under way. */
  repsDone: number;
}

export type FollowAlongStep = { type: 'rep' } | { type: 'undo' } | { type: 'restart' };

export const START: FollowAlong = { setsDone: 0, repsDone: 0 };

export const isFinished = (dose: Dose, state: FollowAlong) => state.setsDone >= dose.sets;

export function followAlong(dose: Dose, state: FollowAlong, step: FollowAlongStep): FollowAlong {
  switch (step.type) {
    case 'restart':
      return START;
    case 'rep': {
      if (isFinished(dose, state)) return state;
      const repsDone = state.repsDone + 1;
      return repsDone >= dose.reps
        ? { setsDone: state.setsDone + 1, repsDone: 0 }
        : { ...state, repsDone };
    }
    case 'undo':
      if (state.repsDone > 0) return { ...state, repsDone: state.repsDone - 1 };
      // The last repetition of the previous set: that set is open again.
      if (state.setsDone > 0) return { setsDone: state.setsDone - 1, repsDone: dose.reps - 1 };
      return state;
  }
}

/** Where the patient is, in words: "Set 2 of 3 · repetition 4 of 10", or that all sets are done. */
export function followAlongStatus(dose: Dose, state: FollowAlong): string {
  if (isFinished(dose, state)) {
    return dose.sets === 1 ? 'Set done.' : `All ${dose.sets} sets done.`;
  }
  const rep = `${state.repsDone + 1} of ${dose.reps}`;
  return dose.sets > 1
    ? `Set ${state.setsDone + 1} of ${dose.sets} · repetition ${rep}`
    : `Repetition ${rep}`;
}

/** Whole seconds left of a hold that started at `startedAt` (ms), never below zero. */
export function holdSecondsLeft(holdSeconds: number, startedAt: number, now: number): number {
  return Math.max(0, Math.ceil(holdSeconds - (now - startedAt) / 1000));
}
