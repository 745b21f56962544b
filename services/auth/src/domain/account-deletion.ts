import type { ApiKeyService } from './api-key-service';
import type { SessionService } from './session-service';

/** The jobs of a user, in job-catalog. */
export interface UserJobs {
  /** Cancels every pending or running job of the user whose `authorization` this is; resolves to how many. */
  cancelAll(authorization: string): Promise<number>;
}

/**
 * Deleting an account: its jobs are cancelled first, through job-catalog with the caller's own
 * credentials, so that a failure there leaves everything as it was and the caller can retry with the
 * same token. Only then is the account disabled, its sessions ended and its API keys revoked.
 */
export class AccountDeletion {
  constructor(
    private readonly jobs: UserJobs,
    private readonly sessions: Pick<SessionService, 'disableAccount'>,
    private readonly apiKeys: Pick<ApiKeyService, 'deleteAll'>,
  ) {}

  /** Resolves to how many jobs were cancelled. */
  async delete(userId: string, authorization: string): Promise<number> {
    const cancelled = await this.jobs.cancelAll(authorization);
    // Disabling comes first: a key of a disabled account is refused even before its row is gone.
    await this.sessions.disableAccount(userId);
    await this.apiKeys.deleteAll(userId);
    return cancelled;
  }
}
