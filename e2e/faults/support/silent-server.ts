import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { catalog } from '@chrono/contracts';

/**
 * An HTTP endpoint that accepts connections, reads what is sent and never answers: the slowest
 * target a user can point jobs at. It counts the connections held open now and the most at once.
 */
export class SilentServer {
  private readonly open = new Set<Socket>();
  /** The most connections held open at the same time. */
  peak = 0;

  private constructor(private readonly server: Server) {
    server.on('connection', (socket) => {
      this.open.add(socket);
      this.peak = Math.max(this.peak, this.open.size);
      socket.resume();
      socket.on('error', () => undefined);
      socket.on('close', () => this.open.delete(socket));
    });
  }

  static async start(): Promise<SilentServer> {
    const silent = new SilentServer(createServer());
    await new Promise<void>((resolve) => silent.server.listen(0, '127.0.0.1', resolve));
    return silent;
  }

  /** Connections held open now. */
  get holding(): number {
    return this.open.size;
  }

  /** A job target that calls this server (executors need HTTP_TARGET_ALLOW_HOSTS=127.0.0.1). */
  get jobTarget(): catalog.JobTarget {
    const url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/never-answers`;
    return { http: { url, method: 'POST', headers: {}, body: undefined, timeoutMs: undefined } };
  }

  async close(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
