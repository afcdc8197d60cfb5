/**
 * A page's SQL as it ran: each statement's text and parameters, when it was sent and when it
 * answered (ms from the start of the page), and on which session it ran. Replaying it keeps the
 * page's own order and parallelism: a statement is sent once every statement that had answered
 * before it was sent (in the capture) has answered again.
 */
export interface TracedStatement {
  text: string;
  params: unknown[];
  start: number;
  end: number;
  /** 0: any pooled connection; another number: one transaction or reserved connection. */
  session: number;
}

export type Trace = TracedStatement[];

/** For each statement, the indices of those it waits for (those that answered before it was sent). */
export function dependencies(trace: Trace): number[][] {
  return trace.map((statement, j) =>
    trace.flatMap((other, i) => (i !== j && other.end <= statement.start ? [i] : [])),
  );
}

/** Runs a trace through `run`, in the captured order and parallelism. */
export async function replayTrace(
  trace: Trace,
  run: (statement: TracedStatement, index: number) => Promise<unknown>,
): Promise<void> {
  const waits = dependencies(trace);
  const done: Promise<unknown>[] = [];
  // Statements are sent in the captured order; each promise exists before any later one needs it.
  const order = trace.map((_, i) => i).sort((a, b) => trace[a]!.start - trace[b]!.start);
  for (const i of order) {
    done[i] = Promise.all(waits[i]!.map((w) => done[w])).then(() => run(trace[i]!, i));
  }
  await Promise.all(done);
}
