import type { Instrumentation } from 'next';

// Runs once when the server starts: prepares the embedded database (migrate, seed when empty) so
// that `npm run dev` needs nothing installed, and fails early with a clear message on bad config.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { prepareDatabaseAtStart } = await import('./db/startup');
  await prepareDatabaseAtStart();
  // Prunes sign-in attempts and idempotency keys past their use now and then daily.
  const { scheduleRetention } = await import('./db/retention');
  scheduleRetention();
  // Builds FHIR bulk exports that any app server was asked for, in a thread of its own on
  // PostgreSQL (db/fhir-export-thread.ts).
  const { startFhirExportBuilder } = await import('./db/fhir-export-thread');
  startFhirExportBuilder();
  // Sends the patients' exercise reminders, once each across all app servers (db/reminder-scheduler.ts).
  const { startReminderScheduler } = await import('./db/reminder-scheduler');
  startReminderScheduler();
}

/**
 * Every error Next.js catches in a page, route handler or server action becomes one log line with
 * its cause, the request id (scripts/server.mjs) and Next's digest, which the error page shows as
 * the reference to quote; so a reference leads to this line and, by the request id, to the
 * request's own line. The path is not logged (it can hold a token), the route pattern is.
 */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { REQUEST_ID_HEADER, logServerError } = await import('./lib/log.mjs');
  const requestId = request.headers[REQUEST_ID_HEADER];
  const digest = (error as { digest?: unknown } | null)?.digest;
  logServerError(error, {
    requestId: typeof requestId === 'string' ? requestId : null,
    digest: typeof digest === 'string' ? digest : undefined,
    routePath: context.routePath,
    routeType: context.routeType,
    where: context.renderSource ?? context.routeType,
  });
};
