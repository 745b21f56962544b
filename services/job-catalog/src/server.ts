import { descriptorSetPath, jobInternal, jobService } from '@chrono/contracts';
import { GrpcServer, type Authenticator, type DependencyCheck, type Logger } from '@chrono/kit';
import { cancelAllJobs } from './handlers/cancel-all-jobs';
import { cancelJob } from './handlers/cancel-job';
import { createJob } from './handlers/create-job';
import { createJobs } from './handlers/create-jobs';
import { deleteJob } from './handlers/delete-job';
import { getJob } from './handlers/get-job';
import type { JobHandlerDeps } from './handlers/handler-deps';
import { listJobExecutions } from './handlers/list-job-executions';
import { listJobs } from './handlers/list-jobs';
import { listOccurrences } from './handlers/list-occurrences';
import { pauseJob } from './handlers/pause-job';
import { rescheduleJob } from './handlers/reschedule-job';
import { resumeJob } from './handlers/resume-job';
import { updateJob } from './handlers/update-job';
import {
  getNotificationSecret,
  listNotificationDeliveries,
  rotateNotificationSecret,
} from './handlers/notification-handlers';
import type { NotificationService } from './notifications/notification-service';

export interface CatalogServerDeps extends JobHandlerDeps {
  authenticator: Authenticator;
  notifications: NotificationService;
  dependencies: DependencyCheck[];
  log: Logger;
}

/** The gRPC server of job-catalog: JobService (every RPC needs a bearer token), plus health and reflection. */
export function buildServer(deps: CatalogServerDeps): GrpcServer {
  const server = new GrpcServer({
    name: 'job-catalog',
    log: deps.log,
    descriptorSetPath,
    dependencies: deps.dependencies,
    authenticator: deps.authenticator,
  });
  server.addService(jobService.JobServiceService, {
    createJob: createJob(deps),
    createJobs: createJobs(deps),
    getJob: getJob(deps),
    listJobs: listJobs(deps),
    updateJob: updateJob(deps),
    cancelJob: cancelJob(deps),
    rescheduleJob: rescheduleJob(deps),
    pauseJob: pauseJob(deps),
    resumeJob: resumeJob(deps),
    deleteJob: deleteJob(deps),
    listJobExecutions: listJobExecutions(deps),
    listOccurrences: listOccurrences(deps),
    listNotificationDeliveries: listNotificationDeliveries(deps.notifications),
    getNotificationSecret: getNotificationSecret(deps.notifications),
    rotateNotificationSecret: rotateNotificationSecret(deps.notifications),
  });
  // For auth only (no REST route, nothing routed by Envoy); it still acts for the caller's token only.
  server.addService(jobInternal.JobInternalServiceService, { cancelAllJobs: cancelAllJobs(deps) });
  return server;
}
