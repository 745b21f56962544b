import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

// Ports the kernel hands out when a process binds port 0 or connects (Linux: 32768–60999). A port picked
// from that range could be handed to another socket (a service's metrics on port 0, an outgoing
// connection) between the pick and the bind of the service it was picked for: picks stay below it.
function ephemeralFloor(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return Number.isInteger(low) && low > 12_000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

const FLOOR = 10_000;
const CEILING = ephemeralFloor();
// Each jest worker picks from its own share of the range, and never the same port twice: a port picked
// but not yet bound by its service passes the bind check, so two workers (or two picks of one) could
// otherwise get the same one.
const SHARES = 16;
const SHARE = Math.floor((CEILING - FLOOR) / SHARES);
const LOW = FLOOR + ((Number(process.env.JEST_WORKER_ID ?? 1) - 1) % SHARES) * SHARE;
const handedOut = new Set<number>();

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

/** A TCP port that was free a moment ago, outside the range the kernel gives out by itself. */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 100; tries++) {
    const port = LOW + Math.floor(Math.random() * SHARE);
    if (handedOut.has(port) || !(await bindable(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port found between ${LOW} and ${LOW + SHARE}`);
}
