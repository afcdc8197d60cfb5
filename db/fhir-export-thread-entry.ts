import { parentPort } from 'node:worker_threads';
import { shutdownDatabase } from './client';
import { kickFhirExports, scheduleFhirExports } from './fhir-export-worker';
import type { ThreadMessage } from './fhir-export-thread';

/*
 * The export thread (db/fhir-export-thread.ts): the same poller the server would run, with its own
 * connection pool. `stop` ends the page being built (its transaction) and closes the pool.
 */

scheduleFhirExports();
parentPort?.on('message', (message: ThreadMessage) => {
  if (message.type === 'kick') kickFhirExports();
  else if (message.type === 'stop') {
    void shutdownDatabase().finally(() => process.exit(0));
  }
});
