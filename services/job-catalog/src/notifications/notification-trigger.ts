import type { JobNotification, NotificationEvent } from './notification-spec';

/** An attempt's outcome as job-catalog records it, with what the trigger needs besides. */
export interface TriggerOutcome {
  jobId: string;
  succeeded: boolean;
  /** True when the run failed with no retries left (or a one-time job ended failed). */
  final: boolean;
}

/** A notification to deliver: which of the job's notifications, for which event. */
export interface NotificationMatch {
  /** The place of the notification in the job's list. */
  index: number;
  url: string;
  event: NotificationEvent;
}

/**
 * The events one outcome raises: `failed` for every failed attempt, `final_failure` besides when no
 * retry is left, `succeeded` for a success, `recovered` besides when the job's previous run ended
 * failed (`previousRunFailed`).
 */
export function eventsOf(outcome: TriggerOutcome, previousRunFailed: boolean): NotificationEvent[] {
  if (!outcome.succeeded) return outcome.final ? ['failed', 'final_failure'] : ['failed'];
  return previousRunFailed ? ['succeeded', 'recovered'] : ['succeeded'];
}

/**
 * Which of a job's notifications the events trigger: one delivery per notification and event (a
 * notification listening to both `failed` and `final_failure` gets two for a final failure, each
 * labelled with its event).
 */
export function matchNotifications(
  notifications: JobNotification[] | undefined,
  events: NotificationEvent[],
): NotificationMatch[] {
  if (!notifications?.length) return [];
  return notifications.flatMap((notification, index) =>
    events
      .filter((event) => notification.on.includes(event))
      .map((event) => ({ index, url: notification.http.url, event })),
  );
}

/** An occurrence the ledger recorded as missed. */
export interface MissedOccurrence {
  jobId: string;
  dueAt: Date;
}

/**
 * The `missed` trigger: for each missed occurrence, the deliveries its job's notifications ask for.
 * job-catalog calls it with the occurrences its ledger records as missed, in the transaction that
 * records them.
 */
export function missedNotifications(
  missed: MissedOccurrence[],
  notificationsOf: (jobId: string) => JobNotification[] | undefined,
): Array<MissedOccurrence & NotificationMatch> {
  return missed.flatMap((occurrence) =>
    matchNotifications(notificationsOf(occurrence.jobId), ['missed']).map((match) => ({ ...occurrence, ...match })),
  );
}
