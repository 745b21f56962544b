#!/usr/bin/env node
// `npm start`: runs the whole system on this machine against PostgreSQL, Redis and NATS on localhost
// (or wherever the DB_*, REDIS_* and NATS_URL variables point). It starts any of those that is not
// running here (scripts/local-servers/; `npm start -- --fresh` first wipes their data), then starts
// every service, prints when all serve, and on Ctrl-C stops the services, then what it started.
'use strict';
const { spawn } = require('node:child_process');
const http = require('node:http');
const fs = require('node:fs');
const { randomBytes } = require('node:crypto');
const path = require('node:path');
const { gateway, services } = require('@chrono/contracts');
const { healthStatus } = require('@chrono/kit');
const { ensureLocalServers, SetupError, stopLocalServers } = require('./local-servers');

const root = path.resolve(__dirname, '..');
// The services believe the client address the gateway passes on only with this secret (or under
// mTLS); one made up for this run unless given, so that logins are counted per client here too.
// (process.env itself: the local servers' setup writes their addresses into it.)
const env = process.env;
env.GATEWAY_SHARED_SECRET ??= randomBytes(24).toString('hex');

const SERVICES = Object.values(services);
// The REST gateway starts once the services serve; it answers GET /health with 200 when they all do.
const GATEWAY = { name: 'gateway', ...gateway };

// Every process reads METRICS_PORT, so one value cannot serve all five: each gets its own default
// (9450-9454), or, with METRICS_PORT=0, a free port that it logs ("metrics listening").
const freeMetricsPorts = env.METRICS_PORT === '0';

function httpStatus(port, pathname) {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: pathname, timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

async function main() {
  if (env.METRICS_PORT !== undefined && !freeMetricsPorts) {
    process.stderr.write(
      `start: METRICS_PORT=${env.METRICS_PORT} cannot apply to all five processes; leave it unset (metrics on 9450-9454) or set 0 (free ports)\n`,
    );
    process.exit(1);
  }
  const dataDir = env.CHRONO_DATA_DIR ?? path.join(root, '.chrono');
  if (process.argv.includes('--fresh')) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.stderr.write(`start: --fresh: removed ${path.relative(process.cwd(), dataDir) || dataDir}\n`);
  }
  const localServers = await ensureLocalServers({
    env,
    dataDir,
    log: (line) => process.stderr.write(`start: ${line}\n`),
  });
  const launch = (service, script, extraEnv = {}) => {
    const child = spawn(process.execPath, [script], {
      env: {
        ...env,
        ...extraEnv,
        [service.portVariable]: env[service.portVariable] ?? String(service.port),
        METRICS_PORT: freeMetricsPorts ? '0' : String(service.metricsPort),
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    return {
      ...service,
      port: Number(env[service.portVariable] ?? service.port),
      child,
      exited: new Promise((resolve) => child.on('exit', resolve)),
    };
  };
  // Every service finds auth (and auth job-catalog) where this script starts them; local runs let jobs
  // call http targets on this machine.
  const authPort = env[services.auth.portVariable] ?? String(services.auth.port);
  const catalogPort = env[services.jobCatalog.portVariable] ?? String(services.jobCatalog.port);
  const localRun = {
    AUTH_GRPC_URL: env.AUTH_GRPC_URL ?? `127.0.0.1:${authPort}`,
    JOB_CATALOG_GRPC_URL: env.JOB_CATALOG_GRPC_URL ?? `127.0.0.1:${catalogPort}`,
    HTTP_TARGET_ALLOW_HOSTS: env.HTTP_TARGET_ALLOW_HOSTS ?? 'localhost,127.0.0.1',
  };
  const children = SERVICES.map((service) =>
    launch(service, path.join(root, 'services', service.name, 'dist', 'main.js'), localRun),
  );

  let stopping = false;
  const stopAll = async (code) => {
    if (stopping) return;
    stopping = true;
    for (const { child } of children) if (child.exitCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => {
      process.stderr.write('start: services did not stop within 20 s; killing them\n');
      for (const { child } of children) child.kill('SIGKILL');
    }, 20_000);
    await Promise.all(children.map((c) => c.exited));
    clearTimeout(timer);
    process.stderr.write('start: all services stopped\n');
    if (localServers.length) {
      await stopLocalServers(localServers);
      process.stderr.write(`start: stopped ${localServers.map((s) => s.name).join(', ')}\n`);
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  const watch = (service) =>
    service.exited.then((code) => {
      if (stopping) return;
      process.stderr.write(`start: ${service.name} exited with code ${code}; stopping the others\n`);
      void stopAll(1);
    });
  children.forEach(watch);

  const deadline = Date.now() + 60_000;
  for (const service of children) {
    for (;;) {
      if (stopping) return;
      const state = await healthStatus(`127.0.0.1:${service.port}`).catch(() => 'UNREACHABLE');
      if (state === 'SERVING') break;
      if (Date.now() > deadline) {
        process.stderr.write(`start: ${service.name} is not serving after 60 s (health: ${state})\n`);
        return stopAll(1);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const upstreams = Object.fromEntries(
    children.map((s) => [s.addressVariable, env[s.addressVariable] ?? `127.0.0.1:${s.port}`]),
  );
  const gatewayProcess = launch(GATEWAY, path.join(root, 'gateway', 'dist', 'main.js'), upstreams);
  children.push(gatewayProcess);
  watch(gatewayProcess);
  while ((await httpStatus(gatewayProcess.port, '/health')) !== 200) {
    if (stopping) return;
    if (Date.now() > deadline) {
      process.stderr.write('start: the gateway does not answer GET /health with 200 after 60 s\n');
      return stopAll(1);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  process.stderr.write(
    `start: all services serving: ${children.map((s) => `${s.name} :${s.port}`).join(', ')}. Ctrl-C stops them.\n`,
  );
  const metrics = freeMetricsPorts
    ? 'free ports (each process logs "metrics listening" with its port)'
    : children.map((s) => `${s.name} :${s.metricsPort}`).join(', ');
  process.stderr.write(`start: Prometheus metrics (GET /metrics) on ${metrics}\n`);
}

main().catch((error) => {
  // A SetupError says what to install or start; anything else is a bug worth its stack.
  process.stderr.write(`start: ${error instanceof SetupError ? error.message : error.stack}\n`);
  process.exit(1);
});
