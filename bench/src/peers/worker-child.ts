import { fork, type ChildProcess } from 'node:child_process';

interface Reply {
  id: number;
  result?: unknown;
  error?: string;
}

/**
 * A peer's worker in a process of its own, as such workers are deployed (and as this system's
 * executor runs apart from its clients), so that the bench's own work never shares its event loop.
 * The parent calls named operations over the IPC channel.
 */
export class WorkerChild {
  readonly child: ChildProcess;
  private next = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly exited: Promise<void>;

  constructor(script: string, env: Record<string, string>) {
    this.child = fork(script, [], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.error !== undefined) waiter?.reject(new Error(reply.error));
      else waiter?.resolve(reply.result);
    });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    void this.exited.then(() => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`${script} exited`));
      this.pending.clear();
    });
  }

  call<T = void>(op: string, ...args: unknown[]): Promise<T> {
    const id = ++this.next;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, op, args });
    });
  }

  /** Asks the child to stop ("stop" operation), then waits for it to exit (killing it after 15 s). */
  async stop(): Promise<void> {
    if (this.child.exitCode === null) await this.call('stop').catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** The child's side: serves `operations` over the IPC channel; "stop" runs `operations.stop` and exits. */
export function serveOperations(operations: Record<string, (...args: never[]) => unknown>): void {
  const answer = async ({ id, op, args }: { id: number; op: string; args: never[] }) => {
    try {
      const handler = operations[op];
      if (!handler) throw new Error(`unknown operation ${op}`);
      const result = await handler(...args);
      process.send?.({ id, result });
      if (op === 'stop') process.disconnect();
    } catch (error) {
      process.send?.({ id, error: (error as Error).message });
    }
  };
  process.on('message', (message: { id: number; op: string; args: never[] }) => void answer(message));
}
