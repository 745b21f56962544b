import { status, type ServiceError } from '@grpc/grpc-js';
import type { jobService } from '@chrono/contracts';
import { unary } from '@chrono/testkit';

/**
 * Creates jobs through JobService/CreateJob, some at a time, and keeps count: the ids of the jobs
 * whose creation was answered OK (the jobs "submitted"), and the status codes of refused calls.
 * A scenario may run it for a fixed count or in the background while it breaks something.
 */
export class JobSubmitter {
  /** Ids of the jobs created. */
  readonly submitted: string[] = [];
  /** Refused calls per gRPC status name. */
  readonly refused: Record<string, number> = {};
  private running?: Promise<void>;
  private stopping = false;
  private made = 0;

  constructor(
    private readonly client: () => jobService.JobServiceClient,
    private readonly authorization: Record<string, string>,
    private readonly make: (index: number) => jobService.CreateJobRequest,
  ) {}

  /** Submits `count` jobs, `concurrency` calls at a time; resolves when every call has been answered. */
  async submit(count: number, concurrency = 16): Promise<void> {
    const end = this.made + count;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (this.made < end) await this.createOne(this.made++);
      }),
    );
  }

  /** Keeps submitting, `concurrency` calls at a time with `pauseMs` between one caller's calls, until `stop`. */
  start(concurrency = 2, pauseMs = 25): void {
    this.running = Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (!this.stopping) {
          await this.createOne(this.made++);
          await new Promise((resolve) => setTimeout(resolve, pauseMs));
        }
      }),
    ).then(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /** How many calls were refused with a code other than `expected` (for the failure message: the map). */
  refusedOtherThan(...expected: string[]): Record<string, number> {
    return Object.fromEntries(Object.entries(this.refused).filter(([code]) => !expected.includes(code)));
  }

  private async createOne(index: number): Promise<void> {
    const client = this.client();
    try {
      const job = await unary(client.createJob.bind(client), this.make(index), this.authorization);
      this.submitted.push(job.id);
    } catch (error) {
      const code = status[(error as ServiceError).code] ?? String(error);
      this.refused[code] = (this.refused[code] ?? 0) + 1;
      // A refused call is retried by the client in real life; here it pauses so an outage is not a busy loop.
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** A one-time job for the built-in default handler, due at `at`, as the fault scenarios create them. */
export function oneTimeJob(
  index: number,
  at: Date,
  fields: Partial<jobService.CreateJobRequest> = {},
): jobService.CreateJobRequest {
  return {
    name: `fault job ${index}`,
    description: undefined,
    catchUpWindow: undefined,
    notifications: [],
    type: 'one_time',
    payload: { index },
    scheduledAt: at,
    recurrencePattern: undefined,
    maxRetries: 3,
    cronExpression: undefined,
    timezone: undefined,
    target: undefined,
    timeoutSeconds: 20,
    ...fields,
  };
}
