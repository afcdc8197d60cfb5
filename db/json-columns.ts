import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * `json_build_object(…)` of a select's columns, each under its own name, for reading a list of
 * rows as one JSON value inside another statement (`json_agg`). The values come back as JSON
 * gives them, not as drizzle maps columns: text, numbers, booleans, and dates as ISO text (as
 * `date({ mode: 'string' })` columns are anyway); keep timestamps out, they would be strings.
 */
export function jsonObjectOf(columns: Record<string, AnyColumn | SQL>): SQL {
  const fields = Object.entries(columns).map(
    ([name, column]) => sql`${sql.raw(`'${name.replace(/'/g, "''")}'`)}, ${column}`,
  );
  return sql`json_build_object(${sql.join(fields, sql`, `)})`;
}
