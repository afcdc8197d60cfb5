// Runs once when the server starts: prepares the embedded database (migrate, seed when empty) so
// that `npm run dev` needs nothing installed, and fails early with a clear message on bad config.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { prepareDatabaseAtStart } = await import('./db/startup');
  await prepareDatabaseAtStart();
  // Prunes sign-in attempts and idempotency keys past their use now and then daily.
  const { scheduleRetention } = await import('./db/retention');
  scheduleRetention();
}
