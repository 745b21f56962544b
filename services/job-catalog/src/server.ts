import { descriptorSetPath, jobService } from '@chrono/contracts';
import { GrpcServer, UnimplementedError, type Authenticator, type DependencyCheck, type Logger } from '@chrono/kit';

export interface CatalogServerDeps {
  authenticator: Authenticator;
  dependencies: DependencyCheck[];
  log: Logger;
}

const notYet = (rpc: string) => async (): Promise<never> => {
  throw new UnimplementedError(`${rpc} is not implemented yet`);
};

/** The gRPC server of job-catalog: JobService, plus health and reflection from the kit. */
export function buildServer({ authenticator, dependencies, log }: CatalogServerDeps): GrpcServer {
  const server = new GrpcServer({ name: 'job-catalog', log, descriptorSetPath, dependencies, authenticator });
  server.addService(jobService.JobServiceService, {
    createJob: notYet('CreateJob'),
    getJob: notYet('GetJob'),
    listJobs: notYet('ListJobs'),
    updateJob: notYet('UpdateJob'),
    cancelJob: notYet('CancelJob'),
    rescheduleJob: notYet('RescheduleJob'),
    deleteJob: notYet('DeleteJob'),
    listJobExecutions: notYet('ListJobExecutions'),
  });
  return server;
}
