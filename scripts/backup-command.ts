import path from 'node:path';
import { BackupError, backupDatabase, restoreDatabase, type BackupTarget } from '@/db/backup';

const USAGE = {
  backup: 'Usage: npm run db:backup -- FILE [--force]   (--force replaces an existing FILE)',
  restore:
    'Usage: npm run db:restore -- FILE [--force]   (--force replaces a database that is not empty)',
};

/**
 * Only the database variables: a nightly job should not need the app's secrets, which
 * lib/env.ts requires in production.
 */
function target(source: NodeJS.ProcessEnv): BackupTarget {
  const url = source.DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new Error(
        'DATABASE_URL must be a PostgreSQL URL such as postgres://user:pass@host:5432/adhere.',
      );
    }
    return { kind: 'postgres', url };
  }
  return { kind: 'pglite', dataDir: source.PGLITE_DIR?.trim() || '.data/pglite' };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The backup and restore commands: one file argument, an optional --force, a clear outcome. */
export async function runBackupCommand(command: 'backup' | 'restore', args: string[]) {
  const force = args.includes('--force');
  const rest = args.filter((arg) => arg !== '--force');
  const unknown = rest.find((arg) => arg.startsWith('-'));
  if (unknown || rest.length !== 1) {
    console.error(unknown ? `Unknown option ${unknown}.\n${USAGE[command]}` : USAGE[command]);
    process.exit(2);
  }
  const file = path.resolve(rest[0]!);
  try {
    const database = target(process.env);
    const started = Date.now();
    const result =
      command === 'backup'
        ? await backupDatabase(database, file, { force })
        : await restoreDatabase(database, file, { force });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      command === 'backup'
        ? `Backed up the ${result.description} to ${file} (${megabytes(result.bytes)}) in ${seconds} s.`
        : `Restored the ${result.description} from ${file} in ${seconds} s.`,
    );
    if (command === 'restore' && database.kind === 'postgres') {
      console.log('If the backup was made by an older Adhere, run `npm run db:migrate` next.');
    }
  } catch (error) {
    console.error(
      error instanceof BackupError || error instanceof Error ? error.message : String(error),
    );
    process.exit(1);
  }
}
