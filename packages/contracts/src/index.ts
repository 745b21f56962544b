import * as path from 'node:path';

export * as auth from './gen/chrono/auth/v1/auth';
export * as authInternal from './gen/chrono/auth/v1/auth_internal';
export * as catalog from './gen/chrono/catalog/v1/job';
export * as jobService from './gen/chrono/catalog/v1/job_service';
export * as jobInternal from './gen/chrono/catalog/v1/job_internal';
export * as scheduler from './gen/chrono/scheduler/v1/scheduler';
export * as executor from './gen/chrono/executor/v1/executor';
export * as jobEvent from './gen/chrono/events/v1/job_event';
export * as dispatch from './gen/chrono/events/v1/dispatch_request';
export * as execution from './gen/chrono/events/v1/execution_event';
export * as jobState from './gen/chrono/events/v1/job_state_changed';
export * as eventBatch from './gen/chrono/events/v1/event_batch';
export * as cancelAttempt from './gen/chrono/events/v1/cancel_attempt';

/** Path of the FileDescriptorSet built by `buf build` from proto/ (with imports), served by reflection. */
export const descriptorSetPath = path.join(__dirname, '..', 'descriptor', 'chrono.binpb');
export * from './topology';
export * from './services';
export * from './job-run-status';
export * from './access/database-roles';
export * from './access/nats-users';
export * from './access/redis-users';
export * from './access/access-files';
