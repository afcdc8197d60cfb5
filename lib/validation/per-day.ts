import type { IsoDate } from '@/lib/dates';

/**
 * A schema whose rules depend on the clinic's today, built once a day instead of on every
 * request: making a zod schema, and compiling its parser on its first use, was ~4 % of the
 * server's CPU under saves. The last day's schema is kept; a request of another day (the clock
 * passed midnight) gets one made for its own day.
 */
export function schemaPerDay<Schema>(
  build: (today: IsoDate) => Schema,
): (today: IsoDate) => Schema {
  let last: { today: IsoDate; schema: Schema } | undefined;
  return (today) => {
    if (last?.today !== today) last = { today, schema: build(today) };
    return last.schema;
  };
}
