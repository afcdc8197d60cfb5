/** Expected failures are values: what the caller may not see is simply not found. */
export type Outcome<T = void> =
  | { ok: true; value: T }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'invalid'; message: string; field?: string };

/** An outcome that did not succeed. */
export type Refusal = Exclude<Outcome<unknown>, { ok: true }>;

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const notFound = { ok: false, reason: 'not_found' } as const;
export const invalid = (message: string, field?: string) =>
  ({ ok: false, reason: 'invalid', message, field }) as const;
