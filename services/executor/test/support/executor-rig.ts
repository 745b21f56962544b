import { closeHealthClients, type ServiceProcess } from '@chrono/testkit';
import { startExecutor } from './executors';
import { PrivateQueue } from './private-queue';
import { TargetServer } from './target-server';

/** What most executor tests need: a queue of their own, an HTTP server for jobs to call, and one executor allowed to reach it. */
export class ExecutorRig {
  private constructor(
    readonly queue: PrivateQueue,
    readonly target: TargetServer,
    readonly executor: ServiceProcess,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<ExecutorRig> {
    const queue = await PrivateQueue.create();
    const target = await TargetServer.start();
    const executor = await startExecutor(queue, { HTTP_TARGET_ALLOW_HOSTS: '127.0.0.1', ...env });
    return new ExecutorRig(queue, target, executor);
  }

  async close(): Promise<void> {
    await this.executor.stop('SIGKILL');
    await this.target.close();
    await this.queue.close();
    closeHealthClients();
  }
}
