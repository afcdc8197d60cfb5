// `npm run db:backup -- FILE [--force]`: backs up DATABASE_URL's PostgreSQL (pg_dump) or, without
// it, the embedded database in PGLITE_DIR (which must not be open in a running Adhere).
import './load-env';
import { runBackupCommand } from './backup-command';

void runBackupCommand('backup', process.argv.slice(2));
