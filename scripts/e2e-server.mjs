// Starts the app for the end-to-end tests: a production build (made unless E2E_SKIP_BUILD=1,
// which `npm test` sets after building once) serving a brand-new embedded database, seeded with
// the demo clinic explicitly (a production start never seeds).
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';

const port = process.env.E2E_PORT ?? '3100';
// One folder per port, so two runs side by side never wipe each other's database.
const dataDir = path.resolve(`.data/e2e-${port}`);
const next = path.resolve('node_modules/next/dist/bin/next');
const tsx = path.resolve('node_modules/tsx/dist/cli.mjs');

const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  NODE_ENV: 'production',
  PGLITE_DIR: path.join(dataDir, 'pglite'),
  NEXTAUTH_URL: `http://127.0.0.1:${port}`,
  NEXTAUTH_SECRET: 'e2e-only-secret-not-for-production-0123456789',
  APP_TIMEZONE: process.env.APP_TIMEZONE ?? 'UTC',
};
delete env.DATABASE_URL;
delete env.SMTP_URL;
delete env.MAIL_FROM;

if (process.env.E2E_SKIP_BUILD !== '1') {
  const build = spawnSync(process.execPath, [next, 'build'], { stdio: 'inherit', env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

rmSync(dataDir, { recursive: true, force: true });

const seed = spawnSync(process.execPath, [tsx, 'scripts/db-seed.ts'], { stdio: 'inherit', env });
if (seed.status !== 0) process.exit(seed.status ?? 1);

const server = spawn(process.execPath, ['scripts/server.mjs', '-p', port, '-H', '127.0.0.1'], {
  stdio: 'inherit',
  env,
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code) => process.exit(code ?? 0));
