import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP server on 127.0.0.1 that accepts every connection and never sends a byte: an endpoint that
 * hangs (over https, the TLS handshake never finishes). It counts the connections it took, and the
 * most it held open at once.
 */
export class SilentServer {
  private readonly sockets = new Set<Socket>();
  accepted = 0;
  /** The most connections held open at the same time. */
  peak = 0;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<SilentServer> {
    let silent: SilentServer | undefined;
    const server = createServer((socket) => silent?.hold(socket));
    silent = new SilentServer(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return silent;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Connections still open (a client that gave up closes its own). */
  get open(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private hold(socket: Socket): void {
    this.accepted++;
    this.sockets.add(socket);
    this.peak = Math.max(this.peak, this.sockets.size);
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
    socket.resume();
  }
}
