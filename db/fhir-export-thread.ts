import { Worker } from 'node:worker_threads';
import { env } from '@/lib/env';
import { delegateFhirExports, scheduleFhirExports } from './fhir-export-worker';

/*
 * Where this app server builds FHIR bulk exports. On PostgreSQL, in a worker thread of its own
 * whose JavaScript heap is capped (resourceLimits): an export turns 1.6 M resources into JSON, and
 * in the server's own heap the garbage of that piled up between full collections, sized by the
 * server's much larger live heap, so the process's memory grew by 120–230 MB during an export
 * although nothing of it stayed alive. The thread's heap holds the export alone (17 MB alive), and
 * its cap makes the engine collect that garbage early, so the server's memory stays flat; the
 * thread claims jobs from PostgreSQL (SKIP LOCKED, under the lease) as the server did. On PGlite
 * (dev, tests), the database lives in the main thread, so exports are built there.
 */

/** The thread's heap caps: the export holds ~17 MB alive (scripts/bench/bulk-memory.ts). */
export const EXPORT_THREAD_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 };
/** A thread that died (out of memory, a crash) is started again after this long. */
const RESTART_MS = 5_000;
/** On a graceful shutdown, how long the thread may take to end its page before it is stopped. */
const STOP_GRACE_MS = 5_000;

export type ThreadMessage = { type: 'kick' } | { type: 'stop' };

export interface ExportThread {
  kick: () => void;
  /** Ends the thread: it finishes or abandons its page, closes its pool and exits. */
  stop: () => Promise<void>;
}

/**
 * Starts the export thread, and again whenever it dies. `entry` is for the tests, which run the
 * entry bundled by esbuild (the app's build bundles it from the literal URL below).
 */
export function startExportThread(entry?: URL): ExportThread {
  let worker: Worker | null = null;
  let stopping = false;
  const options = { resourceLimits: EXPORT_THREAD_LIMITS, name: 'adhere-fhir-export' };
  const start = () => {
    const thread = entry
      ? new Worker(entry, options)
      : new Worker(new URL('./fhir-export-thread-entry.ts', import.meta.url), options);
    thread.unref();
    thread.on('error', (error) => console.error('FHIR bulk export thread failed', error));
    thread.on('exit', (code) => {
      worker = null;
      if (stopping) return;
      // Its job's lease runs out and the new thread (or another server) goes on from the cursor.
      console.error(`FHIR bulk export thread ended (${code}); starting another`);
      setTimeout(() => {
        if (!stopping) start();
      }, RESTART_MS).unref();
    });
    worker = thread;
  };
  start();
  const post = (message: ThreadMessage) => worker?.postMessage(message);
  return {
    kick: () => post({ type: 'kick' }),
    stop: async () => {
      stopping = true;
      const thread = worker;
      if (!thread) return;
      const ended = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
      post({ type: 'stop' });
      const timer = setTimeout(() => void thread.terminate(), STOP_GRACE_MS);
      await ended;
      clearTimeout(timer);
    },
  };
}

/** Starts building exports on this app server (instrumentation.ts). */
export function startFhirExportBuilder(): void {
  if (env().DATABASE_URL) delegateFhirExports(startExportThread());
  else scheduleFhirExports();
}
