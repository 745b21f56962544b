// PostgreSQL, Redis and NATS for `npm start` and `npm test` on one machine. Each is used where it
// already answers (DB_*, REDIS_*, NATS_URL); one that does not answer on this machine is started here,
// from Debian's programs, on the port it was looked for at, with its data under one folder
// (CHRONO_DATA_DIR, `.chrono/` in the project) that survives restarts. Only servers started here are
// ever stopped here.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { serverDefinitions } = require('./definitions');
const { reachable, SetupError } = require('./support');

const root = path.resolve(__dirname, '..', '..');
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

/** A path as the user would type it: relative when it is under the current folder. */
function shown(file) {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') ? relative : file;
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
      throw new SetupError(`${dependency.name} did not start on port ${dependency.port}; see ${shown(logFile)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  log(
    `${dependency.name} was not running at ${dependency.host}:${dependency.port}; started ${dependency.program} (pid ${child.pid}) with its data in ${shown(dir)}`,
  );
  return server;
}

/**
 * Makes sure PostgreSQL, Redis and NATS answer where `env` points, starting the local ones that do
 * not. Resolves to the servers it started (to `stopLocalServers` later); rejects with a SetupError
 * naming what to install or start, having stopped whatever it had started.
 */
async function ensureLocalServers({
  env = process.env,
  dataDir = env.CHRONO_DATA_DIR ?? path.join(root, '.chrono'),
  log = () => undefined,
} = {}) {
  const started = [];
  try {
    for (const dependency of serverDefinitions(env)) {
      if (await reachable(dependency.host, dependency.port)) continue;
      const where = `${dependency.host}:${dependency.port}`;
      if (!LOCAL_HOSTS.has(dependency.host))
        throw new SetupError(
          `${dependency.name} is not reachable at ${where}, which is not on this machine; start it there or point the settings elsewhere`,
        );
      const program = dependency.find();
      if (!program)
        throw new SetupError(
          `${dependency.name} is not reachable at ${where} and ${dependency.program} is not installed: apt-get install ${dependency.debianPackage}`,
        );
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
