import { VERSION_LIMITS } from '@/lib/routine-versions';

/*
 * Client-safe: the routine builder shows these as its fields' min, max and hints, so nothing here
 * may pull in zod (lib/validation/dose and lib/validation/routine enforce them on the server, and
 * their messages come back from the action).
 */

/**
 * A dose's limits, the same as the CHECK constraints on `exercises` (the library's default dose)
 * and `routine_items` (the prescribed one).
 */
export const DOSE_LIMITS = {
  sets: { min: 1, max: 20 },
  reps: { min: 1, max: 100 },
  holdSeconds: { min: 1, max: 600 },
} as const;

/** The same limits as the `routines` and `routine_items` tables' CHECK constraints. */
export const ROUTINE_LIMITS = {
  title: 120,
  startDaysInPast: VERSION_LIMITS.startDaysInPast,
  endDaysAfterStart: VERSION_LIMITS.endDaysAfterStart,
  items: { min: 1, max: 30 },
  ...DOSE_LIMITS,
  timesPerDay: { min: 1, max: 3 },
  note: 500,
  /** Upper bound on the JSON text of the item list, read before parsing it. */
  itemsJson: 100_000,
} as const;
