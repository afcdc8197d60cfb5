// `npm run db:restore -- FILE [--force]`: restores a backup made by `npm run db:backup` into
// DATABASE_URL's PostgreSQL or, without it, into PGLITE_DIR; refuses a non-empty target unless
// --force.
import './load-env';
import { runBackupCommand } from './backup-command';

void runBackupCommand('restore', process.argv.slice(2));
