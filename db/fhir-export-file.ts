import 'server-only';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Sql } from 'postgres';
import type { DatabaseHandle } from '@/db/client';
import { fhirExportChunks } from '@/db/schema';

/*
 * The bytes of one NDJSON file of an export, chunk by chunk in order (a keyset read on the chunks'
 * primary key), for the download route. Callers check access first (db/queries/fhir-export.ts).
 *
 * On PostgreSQL the chunks are read as the bytes PostgreSQL sent (postgres.js `.raw()`: each value
 * is a Buffer over the received message), several per query: no JS string of the body is made and
 * none is encoded again, so a download at full speed allocates one copy of the file's bytes and
 * the server's young generation stays small. Decoding each 64 KiB body to a string and
 * TextEncoder-copying it back, one query per chunk, was about 18 MB of the bulk export's RSS
 * growth. The embedded database (dev, tests) has no such access, so it reads strings and encodes.
 */

/** Chunks read by one query on PostgreSQL: about 512 KiB of the file held at once. */
export const CHUNKS_PER_READ = 8;

const chunksAfter = (handle: DatabaseHandle, jobId: string, type: string, after: number) =>
  handle.db
    .select({ seq: fhirExportChunks.seq, body: fhirExportChunks.body })
    .from(fhirExportChunks)
    .where(
      and(
        eq(fhirExportChunks.jobId, jobId),
        eq(fhirExportChunks.type, type),
        gt(fhirExportChunks.seq, after),
      ),
    )
    .orderBy(asc(fhirExportChunks.seq))
    .limit(CHUNKS_PER_READ);

/** PostgreSQL: the bodies as received, without decoding them. */
async function* rawChunkBytes(
  handle: DatabaseHandle,
  jobId: string,
  type: string,
): AsyncGenerator<Uint8Array> {
  const client = (handle.db as unknown as { $client: Sql }).$client;
  let after = -1;
  for (;;) {
    // The ORM writes the statement; postgres.js runs it returning each column's bytes.
    const query = chunksAfter(handle, jobId, type, after).toSQL();
    const rows = (await client
      .unsafe(query.sql, query.params as never[], { prepare: true })
      .raw()) as unknown as [seq: Buffer, body: Buffer][];
    for (const [, body] of rows) yield body;
    const last = rows.at(-1);
    if (!last || rows.length < CHUNKS_PER_READ) return;
    after = Number(last[0].toString('latin1'));
  }
}

/** Any database: the bodies as strings, encoded to UTF-8. */
export async function* decodedChunkBytes(
  handle: DatabaseHandle,
  jobId: string,
  type: string,
): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  let after = -1;
  for (;;) {
    const rows = await chunksAfter(handle, jobId, type, after);
    for (const row of rows) yield encoder.encode(row.body);
    const last = rows.at(-1);
    if (!last || rows.length < CHUNKS_PER_READ) return;
    after = last.seq;
  }
}

/** The file's bytes: raw on PostgreSQL, decoded and encoded on the embedded database. */
export function exportFileBytes(
  handle: DatabaseHandle,
  jobId: string,
  type: string,
): AsyncGenerator<Uint8Array> {
  return handle.driver === 'postgres'
    ? rawChunkBytes(handle, jobId, type)
    : decodedChunkBytes(handle, jobId, type);
}
