// Starts the app for the end-to-end tests: a production build (made unless E2E_SKIP_BUILD=1,
// which `npm test` sets after building once) serving a brand-new embedded database, seeded with
// the demo clinic explicitly (a production start never seeds), and e-mail sent to a mail catcher
// in this process, which writes each message it receives to .data/e2e-<port>/mail/ for the tests.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import webPush from 'web-push';

const port = process.env.E2E_PORT ?? '3100';
// One folder per port, so two runs side by side never wipe each other's database.
const dataDir = path.resolve(`.data/e2e-${port}`);
const mailDir = path.join(dataDir, 'mail');
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
// Web Push for the reminders (issue 18): a production server has it only when configured, so the
// run configures a key pair of its own, as an operator would.
if (!env.VAPID_PUBLIC_KEY) {
  const vapid = webPush.generateVAPIDKeys();
  Object.assign(env, {
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
    VAPID_SUBJECT: 'mailto:e2e@adhere.invalid',
  });
}
delete env.DATABASE_URL;
delete env.SMTP_URL;
delete env.MAIL_FROM;

if (process.env.E2E_SKIP_BUILD !== '1') {
  const build = spawnSync(process.execPath, [next, 'build'], { stdio: 'inherit', env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

rmSync(dataDir, { recursive: true, force: true });
mkdirSync(mailDir, { recursive: true });

const seed = spawnSync(process.execPath, [tsx, 'scripts/db-seed.ts'], { stdio: 'inherit', env });
if (seed.status !== 0) process.exit(seed.status ?? 1);

let received = 0;
const mailCatcher = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      received += 1;
      const file = path.join(mailDir, `${Date.now()}-${String(received).padStart(4, '0')}.eml`);
      writeFileSync(file, Buffer.concat(chunks));
      callback();
    });
  },
});
await new Promise((resolve) => mailCatcher.listen(0, '127.0.0.1', resolve));
const smtpPort = mailCatcher.server.address().port;

const server = spawn(process.execPath, ['scripts/server.mjs', '-p', port, '-H', '127.0.0.1'], {
  stdio: 'inherit',
  env: {
    ...env,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_FROM: 'Riverside Physiotherapy <adhere@riverside.example>',
  },
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code) => {
  setTimeout(() => process.exit(code ?? 0), 2_000).unref();
  mailCatcher.close(() => process.exit(code ?? 0));
});
