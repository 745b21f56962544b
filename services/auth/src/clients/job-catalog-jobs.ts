import { Metadata } from '@grpc/grpc-js';
import { jobInternal } from '@chrono/contracts';
import { CHANNEL_OPTIONS, grpcChannelCredentials, UnavailableError, withClientMetrics } from '@chrono/kit';
import type { UserJobs } from '../domain/account-deletion';

/** job-catalog's JobInternalService as auth uses it: CancelAllJobs, as the caller. */
export class JobCatalogJobs implements UserJobs {
  private readonly client: jobInternal.JobInternalServiceClient;

  /** `address` is job-catalog's host:port; `timeoutMs` (default 30 s) bounds a cancel of many jobs. */
  constructor(
    address: string,
    private readonly timeoutMs = 30_000,
  ) {
    this.client = new jobInternal.JobInternalServiceClient(
      address,
      grpcChannelCredentials(),
      withClientMetrics(CHANNEL_OPTIONS),
    );
  }

  cancelAll(authorization: string): Promise<number> {
    const metadata = new Metadata();
    metadata.set('authorization', authorization);
    return new Promise((resolve, reject) =>
      this.client.cancelAllJobs({}, metadata, { deadline: Date.now() + this.timeoutMs }, (error, response) =>
        error
          ? reject(
              new UnavailableError(
                `cannot cancel the account's jobs (${error.details || error.message}); nothing was deleted, try again`,
              ),
            )
          : resolve(response.cancelledCount),
      ),
    );
  }

  close(): void {
    this.client.close();
  }
}
