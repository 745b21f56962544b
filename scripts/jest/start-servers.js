// Jest globalSetup: PostgreSQL, Redis and NATS for the tests, started here (as `npm start` does)
// when they are not already running on this machine; scripts/jest/stop-servers.js stops those.
'use strict';
const { ensureLocalServers, SetupError } = require('../local-servers');

module.exports = async () => {
  try {
    globalThis.chronoLocalServers = await ensureLocalServers({
      log: (line) => process.stderr.write(`\ntests: ${line}\n`),
    });
  } catch (error) {
    if (error instanceof SetupError) error.stack = `tests: ${error.message}`;
    throw error;
  }
};
