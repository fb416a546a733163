// Real database servers for the runtime tests: PostgreSQL, MariaDB and Redis from Debian's
// packages, installed when missing, started on loopback from a temporary directory, and
// stopped again. Works as root (CI runs as root; PostgreSQL and MariaDB run as their own
// users). Usage: node scripts/db-servers.mjs start|stop  (start prints the servers as JSON)
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const STATE_FILE = path.join(os.tmpdir(), 'fork-safe-db-servers.json');
/** Low on purpose: the runtime tests exceed it with a few workers instead of a hundred. */
export const PG_MAX_CONNECTIONS = 30;

const log = (message) => process.stderr.write(`[db-servers] ${message}\n`);

function run(command, args, options = {}) {
  return execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
}

function which(command) {
  try {
    return run('sh', ['-c', `command -v ${command}`]).trim() || undefined;
  } catch {
    return undefined;
  }
}

function postgresBin() {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin/initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

function ensurePackages() {
  const missing = [];
  if (!postgresBin()) missing.push('postgresql');
  if (!which('redis-server')) missing.push('redis-server');
  if (!which('mariadbd') && !which('mysqld')) missing.push('mariadb-server');
  if (missing.length === 0) {
    log('PostgreSQL, Redis and MariaDB are installed; skipping apt-get');
    return;
  }
  if (process.getuid?.() !== 0) throw new Error(`missing ${missing.join(', ')}: install them (apt-get install ${missing.join(' ')}) or run as root`);
  log(`installing ${missing.join(', ')} from Debian's packages (apt-get)...`);
  try {
    run('apt-get', ['update', '-qq'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch (error) {
    throw new Error(`could not install ${missing.join(', ')} with apt-get: ${String(error.stderr || error.message).trim().split('\n').slice(-3).join(' ')}`);
  }
  log('installed');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, name, seconds = 60) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${name} did not start listening on 127.0.0.1:${port} within ${seconds} s`);
}

function asUser(user, command) {
  return run('su', [user, '-s', '/bin/bash', '-c', command]);
}

async function startPostgres(dir) {
  const bin = postgresBin();
  const port = await freePort();
  const data = path.join(dir, 'pg');
  fs.mkdirSync(data);
  fs.chownSync(data, Number(run('id', ['-u', 'postgres'])), Number(run('id', ['-g', 'postgres'])));
  log(`starting PostgreSQL on 127.0.0.1:${port} (max_connections ${PG_MAX_CONNECTIONS})`);
  asUser('postgres', `${bin}/initdb -D ${data}/data -A trust -U postgres >/dev/null`);
  asUser('postgres', `${bin}/pg_ctl -D ${data}/data -l ${data}/log -w -o "-k ${data} -c listen_addresses=127.0.0.1 -p ${port} -c max_connections=${PG_MAX_CONNECTIONS} -c fsync=off" start >/dev/null`);
  await waitForPort(port, 'PostgreSQL');
  return { port, url: `postgres://postgres@127.0.0.1:${port}/postgres`, maxConnections: PG_MAX_CONNECTIONS, stop: `su postgres -s /bin/bash -c "${bin}/pg_ctl -D ${data}/data -m fast -w stop"` };
}

async function startMariadb(dir) {
  const daemon = which('mariadbd') ?? which('mysqld');
  const installDb = which('mariadb-install-db') ?? which('mysql_install_db');
  const port = await freePort();
  const data = path.join(dir, 'mysql');
  fs.mkdirSync(data);
  // Its own temporary directory: the process-wide TMPDIR may not be writable by the mysql user.
  fs.mkdirSync(path.join(data, 'tmp'));
  for (const owned of [data, path.join(data, 'tmp')]) fs.chownSync(owned, Number(run('id', ['-u', 'mysql'])), Number(run('id', ['-g', 'mysql'])));
  log(`starting MariaDB on 127.0.0.1:${port}`);
  run(installDb, ['--user=mysql', `--datadir=${data}/data`, '--skip-test-db', '--auth-root-authentication-method=normal'], { env: { ...process.env, TMPDIR: `${data}/tmp` } });
  const child = spawn(daemon, [
    '--no-defaults', '--user=mysql', `--datadir=${data}/data`, `--socket=${data}/sock`, `--port=${port}`,
    '--bind-address=127.0.0.1', '--skip-grant-tables', `--pid-file=${data}/pid`, '--skip-log-bin', '--max-connections=151',
    `--tmpdir=${data}/tmp`,
  ], { detached: true, stdio: ['ignore', fs.openSync(path.join(data, 'log'), 'a'), fs.openSync(path.join(data, 'log'), 'a')] });
  child.unref();
  await waitForPort(port, 'MariaDB');
  return { port, url: `mysql://root@127.0.0.1:${port}/mysql`, pid: child.pid, stop: `kill ${child.pid}` };
}

async function startRedis(dir) {
  const port = await freePort();
  const data = path.join(dir, 'redis');
  fs.mkdirSync(data);
  log(`starting Redis on 127.0.0.1:${port}`);
  run('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'yes', '--dir', data, '--pidfile', `${data}/pid`, '--logfile', `${data}/log`]);
  await waitForPort(port, 'Redis');
  return { port, url: `redis://127.0.0.1:${port}`, stop: `kill $(cat ${data}/pid)` };
}

export async function startServers() {
  await stopServers();
  ensurePackages();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-db-'));
  fs.chmodSync(dir, 0o755);
  const state = { dir, postgres: null, mariadb: null, redis: null };
  try {
    state.postgres = await startPostgres(dir);
    state.mariadb = await startMariadb(dir);
    state.redis = await startRedis(dir);
  } finally {
    fs.writeFileSync(STATE_FILE, JSON.stringify(state));
  }
  return state;
}

export async function stopServers() {
  if (!fs.existsSync(STATE_FILE)) return;
  const state = JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'));
  for (const name of ['postgres', 'mariadb', 'redis']) {
    if (!state[name]) continue;
    try {
      run('sh', ['-c', state[name].stop]);
    } catch {
      log(`${name} was already stopped`);
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  fs.rmSync(state.dir, { recursive: true, force: true });
  fs.rmSync(STATE_FILE, { force: true });
  log('servers stopped and their directory removed');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const command = process.argv[2];
  if (command === 'start') {
    const state = await startServers();
    console.log(JSON.stringify({ postgres: state.postgres.url, mariadb: state.mariadb.url, redis: state.redis.url }, null, 2));
  } else if (command === 'stop') {
    await stopServers();
  } else {
    console.error('usage: node scripts/db-servers.mjs start|stop');
    process.exitCode = 2;
  }
}
