/**
 * Runs at most `limit` tasks at once; the others wait their turn in arrival order. Used to bound
 * memory-hard password hashing, so a flood of sign-ins queues instead of exhausting the machine.
 */
export interface Semaphore {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now, and tasks waiting. */
  readonly active: number;
  readonly waiting: number;
}

export function createSemaphore(limit: number): Semaphore {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`A semaphore needs a limit of at least 1, not ${limit}.`);
  }
  let active = 0;
  const queue: (() => void)[] = [];

  function release() {
    const next = queue.shift();
    // The slot passes straight to the next task, so `active` never dips and lets a newcomer jump in.
    if (next) next();
    else active -= 1;
  }

  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active < limit) active += 1;
      else await new Promise<void>((resolve) => queue.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}
