import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import { auth, executor, jobService, scheduler } from '@chrono/contracts';
import { unary } from '@chrono/testkit';
import type { RunningSystem } from './running-system';

/** The four services' gRPC clients, on the ports a running system's services were started on. */
export class ServiceClients {
  private constructor(
    readonly auth: auth.AuthServiceClient,
    readonly jobs: jobService.JobServiceClient,
    readonly scheduler: scheduler.SchedulerServiceClient,
    readonly executor: executor.ExecutorServiceClient,
  ) {}

  /** Clients of `system`'s services (made once it has started, so they find the ports it picked). */
  static of(system: RunningSystem): ServiceClients {
    const insecure = credentials.createInsecure();
    return new ServiceClients(
      new auth.AuthServiceClient(system.grpcAddress('AUTH_GRPC_PORT'), insecure),
      new jobService.JobServiceClient(system.grpcAddress('JOB_CATALOG_GRPC_PORT'), insecure),
      new scheduler.SchedulerServiceClient(system.grpcAddress('SCHEDULER_GRPC_PORT'), insecure),
      new executor.ExecutorServiceClient(system.grpcAddress('EXECUTOR_GRPC_PORT'), insecure),
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
