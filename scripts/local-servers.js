// PostgreSQL, Redis and NATS for `npm start` and `npm test` on one machine. Each is used where it
// already answers (DB_*, REDIS_*, NATS_URL); one that does not answer on this machine is started here,
// from Debian's programs, on the port it was looked for at, with its data under one folder
// (CHRONO_DATA_DIR, `.chrono/` in the project) that survives restarts. Only servers started here are
// ever stopped here.
'use strict';
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

/** Thrown for what the user must do (install a package, start a remote server): printed as one line, no stack. */
class SetupError extends Error {}

function reachable(host, port, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function onPath(program) {
  return (process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, program)).find((file) => fs.existsSync(file));
}

/** PostgreSQL's server programs: PG_BIN, the newest /usr/lib/postgresql/<version>/bin (Debian keeps them off PATH), or PATH. */
function postgresBinDir() {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const debian = '/usr/lib/postgresql';
  const versions = fs.existsSync(debian) ? fs.readdirSync(debian).filter((v) => fs.existsSync(path.join(debian, v, 'bin', 'initdb'))) : [];
  if (versions.length) return path.join(debian, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
  const initdb = onPath('initdb');
  return initdb && path.dirname(initdb);
}

// initdb and postgres refuse to run as root; as root, the cluster belongs to the postgres account.
function postgresOwner() {
  if (process.getuid?.() !== 0) return {};
  const id = (flag) => Number(execFileSync('id', [flag, 'postgres']).toString());
  return { uid: id('-u'), gid: id('-g') };
}

/** What the three servers are, where they are looked for, and how each is started here. */
function dependencies(env) {
  const natsUrl = new URL((env.NATS_URL ?? 'nats://localhost:4222').split(',')[0].trim().replace(/^(?![a-z]+:\/\/)/, 'nats://'));
  return [
    {
      name: 'PostgreSQL',
      host: env.DB_HOST ?? 'localhost',
      port: Number(env.DB_PORT ?? 5432),
      program: 'postgres',
      debianPackage: 'postgresql',
      find: () => {
        const bin = postgresBinDir();
        return bin && fs.existsSync(path.join(bin, 'postgres')) ? bin : undefined;
      },
      launch: (bin, dir, port) => {
        const owner = postgresOwner();
        const data = path.join(dir, 'data');
        if (!fs.existsSync(path.join(data, 'PG_VERSION'))) {
          fs.mkdirSync(dir, { recursive: true });
          if (owner.uid !== undefined) {
            fs.chownSync(dir, owner.uid, owner.gid);
            // The postgres account must be able to pass through the data folder to reach its own.
            const parent = path.dirname(dir);
            fs.chmodSync(parent, fs.statSync(parent).mode | 0o011);
          }
          // The services sign in as postgres/postgres (DB_USERNAME, DB_PASSWORD) and create their database.
          try {
            execFileSync(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8'], { ...owner, stdio: 'pipe' });
          } catch (error) {
            throw new SetupError(`initdb could not create a PostgreSQL cluster in ${data}: ${String(error.stderr ?? error.message).trim()}`);
          }
        }
        const settings = ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`, '-c', 'max_connections=300'];
        return { command: path.join(bin, 'postgres'), args: ['-D', data, '-p', String(port), ...settings], options: owner, stopSignal: 'SIGINT' };
      },
      ready: (port) => postgresAnswers(port),
    },
    {
      name: 'Redis',
      host: env.REDIS_HOST ?? 'localhost',
      port: Number(env.REDIS_PORT ?? 6379),
      program: 'redis-server',
      debianPackage: 'redis-server',
      find: () => onPath('redis-server'),
      launch: (program, dir, port) => {
        fs.mkdirSync(dir, { recursive: true });
        return { command: program, args: ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''], options: {}, stopSignal: 'SIGTERM' };
      },
      ready: (port) => reachable('127.0.0.1', port),
    },
    {
      name: 'NATS',
      host: natsUrl.hostname,
      port: Number(natsUrl.port || 4222),
      program: 'nats-server',
      debianPackage: 'nats-server',
      find: () => onPath('nats-server'),
      launch: (program, dir, port) => {
        fs.mkdirSync(dir, { recursive: true });
        // The same max_payload and JetStream store as docker compose (see that file for why).
        const config = path.join(root, 'deploy', 'docker', 'nats.conf');
        return { command: program, args: ['-c', config, '-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], options: {}, stopSignal: 'SIGTERM' };
      },
      ready: (port) => reachable('127.0.0.1', port),
    },
  ];
}

async function postgresAnswers(port) {
  const { Client } = require('pg');
  const client = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A server started here: its own process group, so a Ctrl-C in the terminal reaches it only through `stop`. */
class LocalServer {
  constructor(name, child, stopSignal, logFile) {
    this.name = name;
    this.child = child;
    this.stopSignal = stopSignal;
    this.logFile = logFile;
    this.exited = new Promise((resolve) => child.once('exit', resolve));
  }

  get running() {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Asks the server to shut down cleanly and waits for it; kills it after 20 s. */
  async stop() {
    if (!this.running) return;
    this.child.kill(this.stopSignal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }
}

async function launchServer(dependency, program, dataDir, log) {
  const dir = path.join(dataDir, dependency.program);
  const { command, args, options, stopSignal } = dependency.launch(program, dir, dependency.port);
  const logFile = path.join(dataDir, `${dependency.program}.log`);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(command, args, { ...options, cwd: dataDir, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const server = new LocalServer(dependency.name, child, stopSignal, logFile);
  const deadline = Date.now() + 60_000;
  while (!(await dependency.ready(dependency.port))) {
    if (!server.running || Date.now() > deadline) {
      await server.stop();
      throw new SetupError(`${dependency.name} did not start on port ${dependency.port}; see ${path.relative(process.cwd(), logFile) || logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  log(`${dependency.name} was not running at ${dependency.host}:${dependency.port}; started ${dependency.program} (pid ${child.pid}) with its data in ${path.relative(process.cwd(), dir) || dir}`);
  return server;
}

/**
 * Makes sure PostgreSQL, Redis and NATS answer where `env` points, starting the local ones that do
 * not. Resolves to the servers it started (to `stopLocalServers` later); rejects with a SetupError
 * naming what to install or start, having stopped whatever it had started.
 */
async function ensureLocalServers({ env = process.env, dataDir = env.CHRONO_DATA_DIR ?? path.join(root, '.chrono'), log = () => undefined } = {}) {
  const started = [];
  try {
    for (const dependency of dependencies(env)) {
      if (await reachable(dependency.host, dependency.port)) continue;
      const where = `${dependency.host}:${dependency.port}`;
      if (!LOCAL_HOSTS.has(dependency.host)) throw new SetupError(`${dependency.name} is not reachable at ${where}, which is not on this machine; start it there or point the settings elsewhere`);
      const program = dependency.find();
      if (!program) throw new SetupError(`${dependency.name} is not reachable at ${where} and ${dependency.program} is not installed: apt-get install ${dependency.debianPackage}`);
      fs.mkdirSync(dataDir, { recursive: true });
      started.push(await launchServer(dependency, program, dataDir, log));
    }
  } catch (error) {
    await stopLocalServers(started);
    throw error;
  }
  return started;
}

/** Stops servers `ensureLocalServers` started, the last started first. */
async function stopLocalServers(servers) {
  for (const server of [...servers].reverse()) await server.stop();
}

module.exports = { ensureLocalServers, stopLocalServers, SetupError };
