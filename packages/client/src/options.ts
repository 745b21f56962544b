import { services } from '@chrono/contracts';

/** Where the services are: `host:port`, or `dns:///name:port` for a name with several replicas (round robin). */
export interface ServiceAddresses {
  /** AuthService; `127.0.0.1:50051` by default. */
  auth?: string;
  /** JobService (job-catalog); `127.0.0.1:50052` by default. */
  jobCatalog?: string;
  /** SchedulerService; `127.0.0.1:50053` by default. */
  scheduler?: string;
}

/** TLS settings: the CA to trust (the system's roots when unset), and a client certificate for mutual TLS. */
export interface TlsOptions {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** The options of a ChronoClient; every one has a default that suits the system started by `npm start`. */
export interface ChronoClientOptions {
  /** The services' addresses; the local default ports when unset. */
  addresses?: ServiceAddresses;
  /** `true` or TLS settings for TLS; plaintext (insecure) when unset or false. */
  tls?: boolean | TlsOptions;
  /** An access token to send; signed in with `credentials` when unset. */
  token?: string;
  /**
   * An API key (`chrono_ak_...`, from POST /auth/api-keys) to send instead of a token, for a service
   * that calls chrono: it does not expire, so the client never signs in or refreshes. Wins over
   * `token`, `refreshToken` and `credentials`.
   */
  apiKey?: string;
  /** The refresh token that goes with `token` (from register, login or `onTokens`): renews it when it expires. */
  refreshToken?: string;
  /** Called with the new tokens whenever the client gets some (sign-in, refresh), for a caller that keeps them. */
  onTokens?: (tokens: { accessToken: string; refreshToken?: string }) => void;
  /** Email and password to sign in with, again whenever the token expires. */
  credentials?: { email: string; password: string };
  /** How long a call may take, retries included, in ms (default 10 000). */
  deadlineMs?: number;
}

/** The options with their defaults applied. */
export interface ResolvedOptions {
  addresses: Required<ServiceAddresses>;
  tls: false | TlsOptions;
  deadlineMs: number;
}

const local = (port: number) => `127.0.0.1:${port}`;

export function resolveOptions(options: ChronoClientOptions): ResolvedOptions {
  const deadlineMs = options.deadlineMs ?? 10_000;
  if (!(deadlineMs > 0))
    throw new RangeError(`deadlineMs must be a positive number of milliseconds, got ${deadlineMs}`);
  return {
    addresses: {
      auth: options.addresses?.auth ?? local(services.auth.port),
      jobCatalog: options.addresses?.jobCatalog ?? local(services.jobCatalog.port),
      scheduler: options.addresses?.scheduler ?? local(services.scheduler.port),
    },
    tls: options.tls === true ? {} : options.tls || false,
    deadlineMs,
  };
}
