import { TargetSecrets } from '@chrono/targets';
// An in-memory JobRepository for JobService's unit tests, with the same optimistic version check as
// the store; `conflicts` makes the next writes lose to a concurrent change.
import type { Job, JobExecution } from './job';
import { isActiveStatus } from './job';
import type { JobRepository, Page } from './job-repository';
import type { JobFilter, JobLimits } from './job-validation';

export class InMemoryJobs implements JobRepository {
  readonly jobs = new Map<string, Job>();
  readonly changes: string[] = [];
  /** How many of the next updates or deletes to refuse as if another change had got there first. */
  conflicts = 0;

  async insert(jobs: Job[], maxActive: number): Promise<boolean> {
    const userId = jobs[0]?.userId ?? '';
    if ((await this.countActive(userId)) + jobs.length > maxActive) return false;
    for (const job of jobs) {
      this.jobs.set(job.id, job);
      this.changes.push(`created ${job.id}`);
    }
    return true;
  }

  async findOwnedMany(userId: string, ids: string[]): Promise<Job[]> {
    return ids.flatMap((id) => (this.jobs.get(id)?.userId === userId ? [this.jobs.get(id) as Job] : []));
  }

  async findOwned(userId: string, id: string): Promise<Job | undefined> {
    const job = this.jobs.get(id);
    return job?.userId === userId ? job : undefined;
  }

  async list(userId: string, filter: JobFilter, page: number, limit: number): Promise<Page<Job>> {
    const mine = [...this.jobs.values()].filter(
      (j) => j.userId === userId && (!filter.status || j.status === filter.status),
    );
    return { items: mine.slice((page - 1) * limit, page * limit), total: mine.length };
  }

  async update(job: Job, change: string): Promise<boolean> {
    if (this.conflicts > 0 && this.conflicts--) return false;
    if (this.jobs.get(job.id)?.version !== job.version - 1) return false;
    this.jobs.set(job.id, job);
    this.changes.push(`${change} ${job.id}`);
    return true;
  }

  async delete(job: Job): Promise<boolean> {
    if (this.conflicts > 0 && this.conflicts--) return false;
    if (this.jobs.get(job.id)?.version !== job.version) return false;
    this.changes.push(`deleted ${job.id}`);
    return this.jobs.delete(job.id);
  }

  async listExecutions(): Promise<Page<JobExecution>> {
    return { items: [], total: 0 };
  }

  async countActive(userId: string): Promise<number> {
    return [...this.jobs.values()].filter((j) => j.userId === userId && isActiveStatus(j.status)).length;
  }
}

export const limits: JobLimits = {
  maxPayloadBytes: 1024,
  defaultMaxRetries: 3,
  maxJobBytes: 4096,
  maxActiveJobsPerUser: 2,
  targets: { natsSubjects: [], reservedSubjects: ['jobs.>'], httpMaxTimeoutSeconds: 3600 },
  targetSecrets: new TargetSecrets(),
};
