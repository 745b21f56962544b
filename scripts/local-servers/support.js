// Shared by scripts/local-servers/index.js and its server definitions.
'use strict';
const net = require('node:net');

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

module.exports = { reachable, SetupError };
