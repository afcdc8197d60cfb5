import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { rowsOf } from '@/db/metrics';

/**
 * Tables a refused request may write to by design: the audit log records the refusal, sign-in
 * and set-password attempts count failures for throttling.
 */
export const WRITTEN_ON_REFUSAL = ['audit_events', 'sign_in_attempts', 'set_password_attempts'];

/** Request bookkeeping rather than data: the session check refreshes it on any request. */
const IGNORED_COLUMNS = ['last_seen_at'];

export type Fingerprint = Record<string, string>;

let statement: Promise<string> | undefined;

/** One query hashing every row of every other table, built once from the live schema. */
async function fingerprintQuery(db: Database): Promise<string> {
  const tables = rowsOf<{ name: string }>(
    await db.execute(sql`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`),
  )
    .map((t) => t.name)
    .filter((name) => !WRITTEN_ON_REFUSAL.includes(name));
  const dropped = IGNORED_COLUMNS.map((c) => ` - '${c}'`).join('');
  return tables
    .map(
      (name) =>
        `select '${name}' as name, count(*)::int as rows, ` +
        `md5(coalesce(string_agg((to_jsonb(t)${dropped})::text, ',' order by (to_jsonb(t)${dropped})::text), '')) as hash ` +
        `from "${name}" t`,
    )
    .join(' union all ');
}

/** A hash per table (and its row count, for a readable difference). */
export async function fingerprint(db: Database): Promise<Fingerprint> {
  statement ??= fingerprintQuery(db);
  const rows = rowsOf<{ name: string; rows: number; hash: string }>(
    await db.execute(sql.raw(await statement)),
  );
  return Object.fromEntries(rows.map((r) => [r.name, `${r.rows} rows ${r.hash}`]));
}

/** The tables whose content differs, e.g. `["patient_profiles: 3 rows … → 4 rows …"]`. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return Object.keys({ ...before, ...after })
    .filter((name) => before[name] !== after[name])
    .map((name) => `${name}: ${before[name] ?? 'absent'} → ${after[name] ?? 'absent'}`);
}
