import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { catalog } from '@chrono/contracts';

export interface JobTargetOptions {
  /** How long each call takes once the gate is open, in ms (default 0). */
  delayMs?: number;
  /** Whether calls wait for `openGate` (default false). */
  gated?: boolean;
}

/**
 * The HTTP endpoint the scenarios' jobs call, on 127.0.0.1: each call is one job doing its work. A
 * call takes `delayMs`; while the gate is closed it waits for `openGate` first. It counts calls per
 * job (the executor's `chrono-job-id` header) and how many wait at the gate.
 */
export class JobTarget {
  private readonly calls = new Map<string, number>();
  private waiting: Array<() => void> = [];
  private open: boolean;

  private constructor(
    private readonly server: Server,
    private readonly delayMs: number,
    gated: boolean,
  ) {
    this.open = !gated;
  }

  static async start({ delayMs = 0, gated = false }: JobTargetOptions = {}): Promise<JobTarget> {
    let target: JobTarget | undefined;
    const server = createServer((req, res) => target?.handle(req, res));
    target = new JobTarget(server, delayMs, gated);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return target;
  }

  /** The job target that calls this server (executors need HTTP_TARGET_ALLOW_HOSTS=127.0.0.1). */
  get jobTarget(): catalog.JobTarget {
    const url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/work`;
    return { http: { url, method: 'POST', headers: {}, body: undefined, timeoutMs: undefined } };
  }

  /** Calls waiting at the gate now. */
  get holding(): number {
    return this.waiting.length;
  }

  /** How many calls arrived for a job. */
  callsOf(jobId: string): number {
    return this.calls.get(jobId) ?? 0;
  }

  /** Lets the waiting calls and every later one through. */
  openGate(): void {
    this.open = true;
    const waiting = this.waiting;
    this.waiting = [];
    for (const pass of waiting) pass();
  }

  async close(): Promise<void> {
    this.openGate();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const jobId = String(req.headers['chrono-job-id'] ?? '');
    this.calls.set(jobId, this.callsOf(jobId) + 1);
    req.resume();
    const answer = () => {
      if (!res.destroyed)
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ done: true }));
    };
    const work = () => (this.delayMs > 0 ? void setTimeout(answer, this.delayMs) : answer());
    if (this.open) return work();
    this.waiting.push(work);
    // A caller that went away (its executor was killed) no longer waits.
    res.on('close', () => (this.waiting = this.waiting.filter((waiter) => waiter !== work)));
  }
}

/**
 * How long the scenarios' jobs work, in ms (FAULTS_JOB_MS, 2000): long enough that runs are in flight
 * when a part dies. FAULTS_JOB_MS=0 runs instant jobs instead, whose outcomes race their dispatch records.
 */
export const JOB_WORK_MS = Number(process.env.FAULTS_JOB_MS ?? 2000);
