/**
 * A throw-away PostgreSQL cluster for tests that stop, start or break the database: its own data
 * folder in the temp directory and its own port on 127.0.0.1, never the machine's shared server
 * on 5432. Built with the installed server programs (/usr/lib/postgresql/<version>/bin); as root
 * they run as the `postgres` user, since PostgreSQL refuses to run as root.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface PostgresCluster {
  readonly port: number;
  readonly dataDir: string;
  /** A URL for `database` on this cluster (trust authentication, user postgres). */
  url(database?: string): string;
  createDatabase(name: string): Promise<string>;
  /** Fast shutdown: connections are ended, as when a database server goes away. */
  stop(): void;
  start(): void;
  isRunning(): boolean;
  /** Stops it and deletes its folder. */
  destroy(): void;
}

const ROOT = '/usr/lib/postgresql';

/** The newest installed PostgreSQL server's bin folder, or null when there is none. */
export function postgresServerBin(): string | null {
  let versions: string[];
  try {
    versions = readdirSync(ROOT).filter((v) => /^\d+$/.test(v));
  } catch {
    return null;
  }
  versions.sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = path.join(ROOT, version, 'bin');
    if (existsSync(path.join(bin, 'initdb')) && existsSync(path.join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const asRoot = process.getuid?.() === 0;

function owner(): { uid: number; gid: number } | null {
  if (!asRoot) return null;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/** Runs a server program, as `postgres` when we are root. */
function run(bin: string, program: string, args: string[]): void {
  const file = path.join(bin, program);
  const [command, argv] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', file, ...args]]
    : [file, args];
  const result = spawnSync(command, argv, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) {
    throw new Error(
      `${program} ${args.join(' ')} failed:\n${result.stdout ?? ''}${result.stderr ?? ''}`,
    );
  }
}

const running = new Set<PostgresCluster>();
// A test that dies half-way must not leave a server behind.
process.once('exit', () => {
  for (const cluster of running) {
    try {
      cluster.destroy();
    } catch {
      // best effort while exiting
    }
  }
});

export async function startPostgresCluster(
  options: { settings?: Record<string, string>; port?: number } = {},
): Promise<PostgresCluster> {
  const bin = postgresServerBin();
  if (!bin) {
    throw new Error(
      `No PostgreSQL server programs in ${ROOT}/<version>/bin (initdb, pg_ctl). ` +
        'Debian/Ubuntu: sudo apt-get install -y postgresql',
    );
  }
  const folder = mkdtempSync(path.join(tmpdir(), 'adhere-pg-'));
  const ids = owner();
  if (ids) chownSync(folder, ids.uid, ids.gid);
  const dataDir = path.join(folder, 'data');
  const port = options.port ?? (await freePort());
  run(bin, 'initdb', [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C',
    '--no-sync',
  ]);

  const cluster = managedCluster(bin, folder, dataDir, port, options.settings);
  cluster.start();
  return cluster;
}

/**
 * A hot-standby streaming replica of `primary` (`pg_basebackup -R`: it follows the primary over
 * the replication protocol; initdb's default pg_hba.conf already lets local connections
 * replicate, and PostgreSQL 10+ defaults to wal_level=replica), in a folder of its own.
 */
export async function startStreamingReplica(
  primary: PostgresCluster,
  options: { settings?: Record<string, string>; port?: number } = {},
): Promise<PostgresCluster> {
  const bin = postgresServerBin();
  if (!bin) throw new Error(`No PostgreSQL server programs in ${ROOT}/<version>/bin`);
  const folder = mkdtempSync(path.join(tmpdir(), 'adhere-pg-replica-'));
  const ids = owner();
  if (ids) chownSync(folder, ids.uid, ids.gid);
  const dataDir = path.join(folder, 'data');
  const port = options.port ?? (await freePort());
  run(bin, 'pg_basebackup', [
    '-h',
    '127.0.0.1',
    '-p',
    String(primary.port),
    '-U',
    'postgres',
    '-D',
    dataDir,
    '-R',
    '-X',
    'stream',
    '-c',
    'fast',
  ]);
  const cluster = managedCluster(bin, folder, dataDir, port, {
    hot_standby: 'on',
    // The replica tells the primary which rows its queries still read, so long exports on it
    // are not cancelled by the primary's vacuum.
    hot_standby_feedback: 'on',
    ...options.settings,
  });
  cluster.start();
  return cluster;
}

function managedCluster(
  bin: string,
  folder: string,
  dataDir: string,
  port: number,
  extra: Record<string, string> = {},
): PostgresCluster {
  const settings = {
    port: String(port),
    listen_addresses: '127.0.0.1',
    unix_socket_directories: folder,
    ...extra,
  };
  const serverOptions = Object.entries(settings)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(' ');
  let up = false;

  const cluster: PostgresCluster = {
    port,
    dataDir,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async createDatabase(name) {
      const { default: postgres } = await import('postgres');
      const admin = postgres(cluster.url(), { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } finally {
        await admin.end();
      }
      return cluster.url(name);
    },
    start() {
      run(bin, 'pg_ctl', [
        '-D',
        dataDir,
        '-l',
        path.join(folder, 'server.log'),
        '-o',
        serverOptions,
        '-w',
        '-t',
        '60',
        'start',
      ]);
      up = true;
      running.add(cluster);
    },
    stop() {
      if (!up) return;
      run(bin, 'pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
      up = false;
    },
    isRunning: () => up,
    destroy() {
      cluster.stop();
      running.delete(cluster);
      rmSync(folder, { recursive: true, force: true });
    },
  };
  return cluster;
}
