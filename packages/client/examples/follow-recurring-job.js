#!/usr/bin/env node
// Creates a job that runs every ten seconds and prints each of its runs as it is recorded, until Ctrl-C
// (or, with RUNS set, after that many runs). Build first (`npm run build` at the root), then:
//   CHRONO_EMAIL=me@example.com CHRONO_PASSWORD=... node packages/client/examples/follow-recurring-job.js
// Addresses default to the local ports of `npm start`; CHRONO_AUTH_URL, CHRONO_JOB_CATALOG_URL and
// CHRONO_SCHEDULER_URL point elsewhere.
'use strict';
const { ChronoClient, UnauthenticatedError } = require('@chrono/client');

async function main() {
  const { CHRONO_EMAIL: email, CHRONO_PASSWORD: password, RUNS } = process.env;
  if (!email || !password) throw new Error('set CHRONO_EMAIL and CHRONO_PASSWORD');
  const chrono = new ChronoClient({
    addresses: {
      auth: process.env.CHRONO_AUTH_URL,
      jobCatalog: process.env.CHRONO_JOB_CATALOG_URL,
      scheduler: process.env.CHRONO_SCHEDULER_URL,
    },
    credentials: { email, password },
  });
  try {
    await chrono.auth.login({ email, password });
  } catch (error) {
    if (!(error instanceof UnauthenticatedError)) throw error;
    await chrono.auth.register({ email, password, name: 'Example' });
  }
  const job = await chrono.jobs.create({
    name: 'every ten seconds',
    scheduledAt: new Date(),
    cronExpression: '*/10 * * * * *',
    payload: { hello: 'world' },
  });
  console.log(`created ${job.id}; next run ${job.nextRunAt?.toISOString()}`);
  let stopped = false;
  process.once('SIGINT', () => (stopped = true));
  const seen = new Set();
  while (!stopped && !(RUNS && seen.size >= Number(RUNS))) {
    const { items } = await chrono.jobs.executions(job.id, { limit: 10 });
    for (const run of items.reverse()) {
      if (seen.has(run.id)) continue;
      seen.add(run.id);
      console.log(`run ${run.status} at ${run.startedAt?.toISOString()}: ${JSON.stringify(run.result)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  await chrono.jobs.cancel(job.id);
  chrono.close();
}

main().catch((error) => {
  console.error(`${error.name}: ${error.message}`);
  process.exitCode = 1;
});
