export { ChronoClient } from './chrono-client';
export type { ChronoClientOptions, ServiceAddresses, TlsOptions } from './options';
export * from './errors';
export type * from './types';
export type { AuthApi } from './auth-api';
export type { JobsApi } from './jobs-api';
export type { SchedulesApi } from './schedules-api';
