import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import { auth, executor, jobService, scheduler } from '@chrono/contracts';
import { freePort, unary } from '@chrono/testkit';

/** The four services' gRPC clients, on ports chosen before the system starts (pass `env` to RunningSystem). */
export class ServiceClients {
  private constructor(
    readonly env: Record<string, string>,
    readonly auth: auth.AuthServiceClient,
    readonly jobs: jobService.JobServiceClient,
    readonly scheduler: scheduler.SchedulerServiceClient,
    readonly executor: executor.ExecutorServiceClient,
  ) {}

  static async make(): Promise<ServiceClients> {
    const ports = {
      AUTH_GRPC_PORT: await freePort(),
      JOB_CATALOG_GRPC_PORT: await freePort(),
      SCHEDULER_GRPC_PORT: await freePort(),
      EXECUTOR_GRPC_PORT: await freePort(),
    };
    const at = (port: number) => `127.0.0.1:${port}`;
    const insecure = credentials.createInsecure();
    return new ServiceClients(
      Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
      new auth.AuthServiceClient(at(ports.AUTH_GRPC_PORT), insecure),
      new jobService.JobServiceClient(at(ports.JOB_CATALOG_GRPC_PORT), insecure),
      new scheduler.SchedulerServiceClient(at(ports.SCHEDULER_GRPC_PORT), insecure),
      new executor.ExecutorServiceClient(at(ports.EXECUTOR_GRPC_PORT), insecure),
    );
  }

  /**
   * One call to each service as the holder of `credential` (an access token or an API key), in the
   * order auth, job-catalog, scheduler, executor; each resolves to its answer or its gRPC error.
   */
  oneCallEach(credential: string, jobId: string): Promise<Array<unknown>> {
    const as = { authorization: `Bearer ${credential}` };
    const settle = (call: Promise<unknown>) => call.catch((error: ServiceError) => error);
    return Promise.all([
      settle(unary(this.auth.getMe.bind(this.auth), {}, as)),
      settle(unary(this.jobs.getJob.bind(this.jobs), { id: jobId }, as)),
      settle(
        unary(
          this.scheduler.previewRuns.bind(this.scheduler),
          { recurrencePattern: 'daily', count: 2, start: undefined },
          as,
        ),
      ),
      settle(unary(this.executor.listHandlers.bind(this.executor), {}, as)),
    ]);
  }

  close(): void {
    for (const client of [this.auth, this.jobs, this.scheduler, this.executor]) client.close();
  }
}

/** Whether `answer` is a gRPC error with code UNAUTHENTICATED. */
export function isUnauthenticated(answer: unknown): boolean {
  return (answer as ServiceError | undefined)?.code === status.UNAUTHENTICATED;
}
