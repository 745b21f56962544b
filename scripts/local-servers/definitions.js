// What PostgreSQL, Redis and NATS are for scripts/local-servers/index.js: where each is looked for (the
// services' own settings), which Debian package has its program, how it is started here with its data
// in one folder, and when it is ready.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { reachable, SetupError } = require('./support');

const root = path.resolve(__dirname, '..', '..');

function onPath(program) {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((dir) => path.join(dir, program))
    .find((file) => fs.existsSync(file));
}

/** PostgreSQL's server programs: PG_BIN, the newest /usr/lib/postgresql/<version>/bin (Debian keeps them off PATH), or PATH. */
function postgresBinDir() {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const debian = '/usr/lib/postgresql';
  const versions = fs.existsSync(debian)
    ? fs.readdirSync(debian).filter((v) => fs.existsSync(path.join(debian, v, 'bin', 'initdb')))
    : [];
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
function serverDefinitions(env) {
  const natsUrl = new URL(
    (env.NATS_URL ?? 'nats://localhost:4222')
      .split(',')[0]
      .trim()
      .replace(/^(?![a-z]+:\/\/)/, 'nats://'),
  );
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
            execFileSync(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8'], {
              ...owner,
              stdio: 'pipe',
            });
          } catch (error) {
            throw new SetupError(
              `initdb could not create a PostgreSQL cluster in ${data}: ${String(error.stderr ?? error.message).trim()}`,
            );
          }
        }
        const settings = [
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          `unix_socket_directories=${dir}`,
          '-c',
          'max_connections=300',
        ];
        return {
          command: path.join(bin, 'postgres'),
          args: ['-D', data, '-p', String(port), ...settings],
          options: owner,
          stopSignal: 'SIGINT',
        };
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
        return {
          command: program,
          args: ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''],
          options: {},
          stopSignal: 'SIGTERM',
        };
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
        // docker compose's max_payload (the services check theirs against it at start-up), but not its
        // 6 GiB max_file_store: on a developer's machine and in the tests, where many streams come and
        // go and each reserves its max_bytes, JetStream may use the free disk, as Debian's NATS does.
        const compose = fs.readFileSync(path.join(root, 'deploy', 'docker', 'nats.conf'), 'utf8');
        const maxPayload = /^max_payload:\s*(\d+)/m.exec(compose)?.[1] ?? '1048576';
        const config = path.join(dir, 'nats.conf');
        fs.writeFileSync(config, `max_payload: ${maxPayload}\n`);
        return {
          command: program,
          args: ['-c', config, '-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir],
          options: {},
          stopSignal: 'SIGTERM',
        };
      },
      ready: (port) => reachable('127.0.0.1', port),
    },
  ];
}

async function postgresAnswers(port) {
  const { Client } = require('pg');
  const client = new Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'postgres',
    connectionTimeoutMillis: 2000,
  });
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

module.exports = { serverDefinitions };
