import { describe, expect, it } from 'vitest';
import {
  followAlong,
  followAlongStatus,
  holdSecondsLeft,
  isFinished,
  START,
  type Dose,
  type FollowAlong,
  type FollowAlongStep,
} from '@/lib/follow-along';

const run = (dose: Dose, steps: FollowAlongStep['type'][], from: FollowAlong = START) =>
  steps.reduce((state, type) => followAlong(dose, state, { type } as FollowAlongStep), from);

describe('following an exercise set by set', () => {
  const dose: Dose = { sets: 2, reps: 3, holdSeconds: null };

  it('counts repetitions, moves to the next set after the last one, and stops at the end', () => {
    expect(followAlongStatus(dose, START)).toBe('Set 1 of 2 · repetition 1 of 3');
    const afterThree = run(dose, ['rep', 'rep', 'rep']);
    expect(afterThree).toEqual({ setsDone: 1, repsDone: 0 });
    expect(followAlongStatus(dose, afterThree)).toBe('Set 2 of 2 · repetition 1 of 3');
    const done = run(dose, ['rep', 'rep', 'rep'], afterThree);
    expect(isFinished(dose, done)).toBe(true);
    expect(followAlongStatus(dose, done)).toBe('All 2 sets done.');
    expect(run(dose, ['rep'], done)).toEqual(done);
  });

  it('undo takes back one repetition, across the start of a set, and never below the start', () => {
    expect(run(dose, ['rep', 'rep', 'rep', 'undo'])).toEqual({ setsDone: 0, repsDone: 2 });
    expect(run(dose, ['rep', 'undo'])).toEqual(START);
    expect(run(dose, ['undo'])).toEqual(START);
    expect(run(dose, ['rep', 'rep', 'restart'])).toEqual(START);
  });

  it('a single set reads without set numbers', () => {
    const one: Dose = { sets: 1, reps: 10, holdSeconds: 2 };
    expect(followAlongStatus(one, START)).toBe('Repetition 1 of 10');
    expect(followAlongStatus(one, { setsDone: 1, repsDone: 0 })).toBe('Set done.');
  });
});

describe('a hold', () => {
  it('counts down whole seconds from the prescribed hold to zero', () => {
    expect(holdSecondsLeft(5, 1_000, 1_000)).toBe(5);
    expect(holdSecondsLeft(5, 1_000, 1_001)).toBe(5);
    expect(holdSecondsLeft(5, 1_000, 2_000)).toBe(4);
    expect(holdSecondsLeft(5, 1_000, 5_999)).toBe(1);
    expect(holdSecondsLeft(5, 1_000, 6_000)).toBe(0);
    expect(holdSecondsLeft(5, 1_000, 60_000)).toBe(0);
  });
});
