import { auth, jobService, scheduler } from '@chrono/contracts';
import { AuthApi } from './auth-api';
import { channelCredentials, channelOptions } from './channel-settings';
import { JobsApi } from './jobs-api';
import { resolveOptions, type ChronoClientOptions } from './options';
import { SchedulesApi } from './schedules-api';
import { Session } from './session';
import { UnaryCaller } from './unary-caller';

/**
 * A typed client of chrono's services: `auth`, `jobs` and `schedules`. Every call has the default
 * deadline, reads (and creates, with their idempotency key) are retried on UNAVAILABLE and
 * DEADLINE_EXCEEDED, and failures are typed errors (`NotFoundError`, `InvalidArgumentError`, ...).
 *
 * ```ts
 * const chrono = new ChronoClient({ credentials: { email, password } });
 * const job = await chrono.jobs.create({ name: 'backup', scheduledAt: new Date(), recurrencePattern: 'daily' });
 * chrono.close();
 * ```
 */
export class ChronoClient {
  readonly auth: AuthApi;
  readonly jobs: JobsApi;
  readonly schedules: SchedulesApi;
  private readonly clients: { close(): void }[];

  constructor(options: ChronoClientOptions = {}) {
    const { addresses, tls, deadlineMs } = resolveOptions(options);
    const credentials = channelCredentials(tls);
    const authClient = new auth.AuthServiceClient(addresses.auth, credentials, channelOptions());
    const catalogClient = new jobService.JobServiceClient(addresses.jobCatalog, credentials, channelOptions());
    const schedulerClient = new scheduler.SchedulerServiceClient(addresses.scheduler, credentials, channelOptions());
    this.clients = [authClient, catalogClient, schedulerClient];

    // Signing in goes through a caller without a session, so that it never waits on itself.
    const signInCaller = new UnaryCaller(deadlineMs);
    const renewal = {
      signIn: (login: { email: string; password: string }) =>
        signInCaller.call(authClient.login.bind(authClient), login),
      refresh: (refreshToken: string) => signInCaller.call(authClient.refresh.bind(authClient), { refreshToken }),
    };
    // An API key is sent as it is, with nothing to renew it by.
    const session = options.apiKey
      ? new Session(renewal, options.apiKey, undefined)
      : new Session(renewal, options.token, options.credentials, options.refreshToken, options.onTokens);
    const caller = new UnaryCaller(deadlineMs, session);

    this.auth = new AuthApi(authClient, caller, session);
    this.jobs = new JobsApi(catalogClient, schedulerClient, caller);
    this.schedules = new SchedulesApi(schedulerClient, caller);
  }

  /** Closes the connections; calls after this fail. */
  close(): void {
    for (const client of this.clients) client.close();
  }
}
