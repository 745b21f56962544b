import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the server received. */
export interface ReceivedRequest {
  jobId?: string;
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * The HTTP endpoint that test jobs call, on 127.0.0.1. Routes: /json, /text, /empty, /echo,
 * /status/<code>, /big/<bytes>, /slow/<ms>, /hold (answers when the test calls `release`), /stall
 * (sends the head and the first bytes of the body, and the rest only on `release`),
 * /redirect?to=<url>, /loop (redirects to itself for ever). It counts requests per job id (the
 * chrono-job-id header), how many are being answered at once, and which clients went away early.
 */
export class TargetServer {
  readonly received: ReceivedRequest[] = [];
  /** Job ids whose client closed the connection before the answer. */
  readonly abandoned = new Set<string>();
  active = 0;
  maxActive = 0;
  private held: Array<() => void> = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<TargetServer> {
    let target: TargetServer | undefined;
    const server = createServer((req, res) => void target?.handle(req, res));
    target = new TargetServer(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return target;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** How many requests arrived for a job. */
  hits(jobId: string): number {
    return this.received.filter((request) => request.jobId === jobId).length;
  }

  /** Requests waiting on /hold now. */
  get holding(): number {
    return this.held.length;
  }

  /** Answers every request waiting on /hold. */
  release(): void {
    const held = this.held;
    this.held = [];
    for (const answer of held) answer();
  }

  async close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://target');
    const jobId = req.headers['chrono-job-id'] as string | undefined;
    this.received.push({
      jobId,
      method: req.method ?? '',
      path: url.pathname,
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
    });
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    let done = false;
    const finish = () => {
      if (!done) this.active--;
      done = true;
    };
    res.on('close', () => {
      if (!res.writableFinished && jobId) this.abandoned.add(jobId);
      finish();
    });
    res.on('finish', finish);

    const [, route, arg] = url.pathname.split('/');
    const json = (status: number, value: unknown) =>
      void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    switch (route) {
      case 'json':
        return json(200, { ok: true, n: 1 });
      case 'text':
        return void res.writeHead(200, { 'content-type': 'text/plain' }).end('plain words');
      case 'empty':
        return void res.writeHead(204).end();
      case 'echo':
        return json(200, {
          method: req.method,
          contentType: req.headers['content-type'] ?? null,
          body: Buffer.concat(chunks).toString(),
        });
      case 'status':
        return void res.writeHead(Number(arg), { 'content-type': 'text/plain' }).end('down for maintenance');
      case 'big':
        return void res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(Number(arg)));
      case 'slow':
        return void setTimeout(() => json(200, { slept: Number(arg) }), Number(arg));
      case 'hold':
        return void this.held.push(() => json(200, { released: true }));
      case 'stall':
        res.writeHead(200, { 'content-type': 'text/plain' }).write('the first bytes');
        return void this.held.push(() => res.end(' and the rest'));
      case 'redirect':
        return void res
          .writeHead(Number(url.searchParams.get('status') ?? 302), { location: url.searchParams.get('to') ?? '/json' })
          .end();
      case 'loop':
        return void res.writeHead(302, { location: '/loop' }).end();
      default:
        return json(404, { error: 'no such route' });
    }
  }
}
