import type { TargetSecrets } from '@chrono/targets';
import type { JobService } from '../domain/job-service';
import type { PageInput } from '../domain/job-input';
import { checkPage } from '../domain/job-validation';
import { newNotificationSecret } from '@chrono/targets';
import type { DeliveryRow, NotificationStore } from './notification-store';

/** The secret a user signs with, in the clear (only its owner reads it, over the API). */
export interface OpenSecret {
  secret: string;
  createdAt: Date;
}

/** The RPCs of notifications: the user's signing secret and each job's deliveries. */
export class NotificationService {
  constructor(
    private readonly store: NotificationStore,
    private readonly jobs: JobService,
    private readonly secrets: TargetSecrets,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The user's secret, made (and stored sealed) on first use. */
  async secret(userId: string): Promise<OpenSecret> {
    const stored = await this.store.findSecret(userId);
    if (stored) return { secret: this.secrets.open(stored.secret), createdAt: stored.createdAt };
    return this.put(userId, false);
  }

  /** Replaces the user's secret. Deliveries written from now on sign with the new one; pending ones keep theirs. */
  async rotate(userId: string): Promise<OpenSecret> {
    return this.put(userId, true);
  }

  /** One page of a job's deliveries; another user's job is NOT_FOUND. */
  async deliveries(
    userId: string,
    jobId: string,
    input: PageInput,
  ): Promise<{ items: DeliveryRow[]; total: number; page: number; limit: number }> {
    const job = await this.jobs.get(userId, jobId);
    const { page, limit } = checkPage(input);
    return { ...(await this.store.listDeliveries(job.id, page, limit)), page, limit };
  }

  private async put(userId: string, replace: boolean): Promise<OpenSecret> {
    const sealed = this.secrets.seal(newNotificationSecret());
    const stored = await this.store.putSecret(userId, sealed, this.now(), replace);
    return { secret: this.secrets.open(stored.secret), createdAt: stored.createdAt };
  }
}
