import './load-env';
import { closeDatabase, getDatabase } from '@/db/client';
import { formatDemoLogins, seedAll } from '@/db/seed';
import { clinicToday } from '@/lib/clinic-today';

async function main() {
  const { db } = await getDatabase();
  const result = await seedAll(db, { today: clinicToday() });
  console.log(
    `Exercise library: ${result.libraryAdded} added. Demo clinic: ${
      result.demoCreated ? 'created' : 'already present, left as it was'
    }.`,
  );
  console.log(formatDemoLogins());
  await closeDatabase();
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await closeDatabase().catch(() => {});
  process.exit(1);
});
