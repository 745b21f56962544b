import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call an http target made: when it came, when it ended, and whether the caller gave up on it. */
export interface TargetCall {
  tag: string;
  start: number;
  end?: number;
  /** The executor closed the connection before the answer (its attempt was aborted). */
  aborted: boolean;
}

/**
 * An http target that answers `/<tag>?ms=N` after N ms, recording every call: a slow job whose runs
 * the tests can see start, end and be cut short.
 */
export class SlowTarget {
  readonly calls: TargetCall[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<SlowTarget> {
    const server = createServer();
    const target = new SlowTarget(server);
    server.on('request', (request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const call: TargetCall = { tag: url.pathname.slice(1), start: Date.now(), aborted: false };
      target.calls.push(call);
      request.resume();
      const timer = setTimeout(() => response.end('{"ok":true}'), Number(url.searchParams.get('ms') ?? 0));
      response.on('close', () => {
        clearTimeout(timer);
        call.end = Date.now();
        call.aborted = !response.writableFinished;
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return target;
  }

  /** The URL of a call tagged `tag` that takes `ms`. */
  url(tag: string, ms: number): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/${tag}?ms=${ms}`;
  }

  callsOf(tag: string): TargetCall[] {
    return this.calls.filter((call) => call.tag === tag);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
