// Jest globalTeardown: stops what scripts/jest/start-servers.js started, and nothing else.
'use strict';
const { stopLocalServers } = require('../local-servers');

module.exports = () => stopLocalServers(globalThis.chronoLocalServers ?? []);
