import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openPglite, openPostgres } from '@/db/client';
import { rowsOf } from '@/db/metrics';
import { checkReadiness } from '@/db/readiness';
import { freePort } from '../support/postgres-cluster';
import { setupTestDatabase } from './helpers/database';

describe('readiness', () => {
  const db = setupTestDatabase();

  it('is ready on a database with the newest migration applied', async () => {
    expect(await checkReadiness(db())).toEqual({ ready: true });
  });

  it('is not ready while the newest migration is missing, or none was ever applied', async () => {
    const journal = rowsOf<{ id: number; hash: string; created_at: string }>(
      await db().execute(sql`select id, hash, created_at::text from drizzle.__drizzle_migrations`),
    );
    const newest = journal.reduce((a, b) => (Number(a.created_at) > Number(b.created_at) ? a : b));
    try {
      await db().execute(sql`delete from drizzle.__drizzle_migrations where id = ${newest.id}`);
      expect(await checkReadiness(db())).toEqual({ ready: false, reason: 'migrations pending' });
      await db().execute(sql`alter table drizzle.__drizzle_migrations rename to kept_aside`);
      expect(await checkReadiness(db())).toEqual({ ready: false, reason: 'migrations pending' });
      await db().execute(sql`alter table drizzle.kept_aside rename to __drizzle_migrations`);
    } finally {
      await db().execute(
        sql`insert into drizzle.__drizzle_migrations (id, hash, created_at)
            values (${newest.id}, ${newest.hash}, ${Number(newest.created_at)})
            on conflict do nothing`,
      );
    }
    expect(await checkReadiness(db())).toEqual({ ready: true });
  });

  it('says the database is unreachable, without its error, when it does not answer', async () => {
    const closed =
      process.env.ADHERE_TEST_DRIVER === 'postgres'
        ? await openPostgres(`postgres://postgres@127.0.0.1:${await freePort()}/nothing`)
        : await openPglite();
    if (process.env.ADHERE_TEST_DRIVER !== 'postgres') await closed.close();
    const started = Date.now();
    expect(await checkReadiness(closed.db)).toEqual({
      ready: false,
      reason: 'database unreachable',
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    if (process.env.ADHERE_TEST_DRIVER === 'postgres') await closed.close();
  });
});
