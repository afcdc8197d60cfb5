/**
 * Ends a benchmark run that has stopped moving. Every step of the run says what it is doing; when
 * one takes longer than any step should (a query that never answers, a server that stopped
 * replying), the run says which step and gives up, instead of waiting for ever with a server
 * still holding its port.
 */
export interface Watchdog {
  /** A new step has begun: its time starts now. */
  step: (what: string) => void;
  /** The run is over; nothing more is watched. */
  stop: () => void;
}

export function watchdog(options: {
  limitMs: number;
  onStuck: (what: string, limitMs: number) => void;
}): Watchdog {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const clear = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return {
    step: (what) => {
      clear();
      // Not unref'd: a run waiting on a promise that nothing will settle would otherwise end
      // silently, as if it had finished.
      timer = setTimeout(() => options.onStuck(what, options.limitMs), options.limitMs);
    },
    stop: clear,
  };
}
