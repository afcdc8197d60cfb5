import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type Database, type DatabaseHandle } from '@/db/client';
import { rowsOf } from '@/db/metrics';
import { recordAudit } from '@/db/queries/audit';
import { getReadDb, probeReplica, readFromReplica, routeRead } from '@/db/replica';
import type { ReplicaProbe } from '@/lib/read-routing';
import { setupTestDatabase } from './helpers/database';

/** What one database holds that the other does not: its audit entries' actions (the primary's
 * is a CSV export, the stand-in replica's a PDF one). */
async function actions(): Promise<string[]> {
  const db = await getReadDb();
  return rowsOf<{ action: string }>(
    await db.execute(sql`select action from audit_events order by id`),
  ).map((row) => row.action);
}

const current: ReplicaProbe = { reachable: true, standby: true, streaming: true, lagSeconds: 0 };

describe('heavy reads and the read replica', () => {
  const primary = setupTestDatabase();
  // A stand-in for the replica: another database whose contents differ, so a read shows its source.
  let replica: DatabaseHandle;

  beforeAll(async () => {
    replica = await openPglite();
    await recordAudit(primary(), { actorId: null, action: 'export.weekly_csv' });
    await recordAudit(replica.db, { actorId: null, action: 'export.progress_pdf' });
  });
  afterAll(async () => {
    await replica.close();
  });

  const route = (probe: ReplicaProbe, db?: Database) => ({
    replica: db ?? replica.db,
    primary: async () => primary(),
    maxLagSeconds: 30,
    probe: async () => probe,
  });

  it('reads the primary outside a routed read, whatever is configured', async () => {
    expect(await actions()).toEqual(['export.weekly_csv']);
  });

  it('reads the replica when it streams and is within the allowed lag', async () => {
    const read = await routeRead('test', actions, route(current));
    expect(read).toMatchObject({ result: ['export.progress_pdf'], source: 'replica' });
    // Only inside: the next read is the primary's again.
    expect(await actions()).toEqual(['export.weekly_csv']);
  });

  it('reads the primary when the replica is too far behind, away or not a standby', async () => {
    for (const probe of [
      { ...current, lagSeconds: 31 },
      { reachable: false } as const,
      { ...current, standby: false },
      { ...current, streaming: false },
    ]) {
      const read = await routeRead('test', actions, route(probe));
      expect(read).toMatchObject({ result: ['export.weekly_csv'], source: 'primary' });
    }
  });

  it('runs the work again on the primary when the replica fails during it', async () => {
    const gone = await openPglite();
    await gone.close();
    const read = await routeRead('test', actions, route(current, gone.db));
    expect(read).toMatchObject({ result: ['export.weekly_csv'], source: 'primary' });
  });

  it('keeps concurrent reads apart: each sees the database it was routed to', async () => {
    const [a, b] = await Promise.all([
      routeRead('a', async () => [...(await actions()), ...(await actions())], route(current)),
      routeRead(
        'b',
        async () => [...(await actions()), ...(await actions())],
        route({ ...current, lagSeconds: 99 }),
      ),
    ]);
    expect(a.result).toEqual(['export.progress_pdf', 'export.progress_pdf']);
    expect(b.result).toEqual(['export.weekly_csv', 'export.weekly_csv']);
  });

  it('without DATABASE_REPLICA_URL, readFromReplica reads the primary', async () => {
    expect(process.env.DATABASE_REPLICA_URL).toBeUndefined();
    expect(await readFromReplica('test', actions)).toMatchObject({
      result: ['export.weekly_csv'],
      source: 'primary',
    });
  });

  it('a probe tells a primary from a standby, and an unreachable server from both', async () => {
    expect(await probeReplica(primary())).toEqual({
      reachable: true,
      standby: false,
      streaming: false,
      lagSeconds: 0,
    });
    const gone = await openPglite();
    await gone.close();
    expect(await probeReplica(gone.db)).toEqual({ reachable: false });
  });
});
