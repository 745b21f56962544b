import { InvalidArgumentError } from '@chrono/kit';
import { checkHttpTarget, sealHeaders, TargetError, type TargetRules, type TargetSecrets } from '@chrono/targets';

/** The events a notification can be sent for. */
export const NOTIFICATION_EVENTS = ['failed', 'final_failure', 'succeeded', 'missed', 'recovered'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** One notification of a job, as stored (header values sealed with TARGET_SECRETS_KEY). */
export interface JobNotification {
  on: NotificationEvent[];
  http: { url: string; headers?: Record<string, string> };
}

/** Most notifications one job may have. */
export const MAX_NOTIFICATIONS = 10;
/** Headers the executor sets on a notification itself. */
const OWN_HEADERS = ['content-type', 'chrono-signature'];

const invalid = (field: string, message: string) => new InvalidArgumentError(field, message);

/**
 * Checks a job's notifications and seals their header values; `stored` are the job's notifications
 * before an update (a header sent as `***` keeps the value the notification at the same place has).
 * INVALID_ARGUMENT names the field: `notifications[1].on[0]`.
 */
export function checkNotifications(
  input: unknown[],
  stored: JobNotification[] | undefined,
  rules: TargetRules,
  secrets: TargetSecrets,
): JobNotification[] {
  if (input.length > MAX_NOTIFICATIONS)
    throw invalid('notifications', `notifications must hold at most ${MAX_NOTIFICATIONS}, got ${input.length}`);
  return input.map((item, index) =>
    checkOne(item as Partial<JobNotification>, `notifications[${index}]`, stored?.[index], rules, secrets),
  );
}

function checkOne(
  item: Partial<JobNotification>,
  field: string,
  stored: JobNotification | undefined,
  rules: TargetRules,
  secrets: TargetSecrets,
): JobNotification {
  const on = item.on ?? [];
  if (on.length === 0)
    throw invalid(`${field}.on`, `${field}.on must name at least one of ${NOTIFICATION_EVENTS.join(', ')}`);
  on.forEach((event, index) => {
    if (!(NOTIFICATION_EVENTS as readonly string[]).includes(event))
      throw invalid(
        `${field}.on[${index}]`,
        `${field}.on[${index}] must be one of ${NOTIFICATION_EVENTS.join(', ')}, got "${event}"`,
      );
  });
  if (!item.http?.url) throw invalid(`${field}.http.url`, `${field}.http.url is required`);
  const headers = item.http.headers ?? {};
  try {
    checkHttpTarget({ url: item.http.url, headers }, rules);
    const own = Object.keys(headers).find((name) => OWN_HEADERS.includes(name.toLowerCase()));
    if (own)
      throw new TargetError('target.http.headers', `target.http.headers must not set ${own}: the executor sets it`);
    const sealed = sealHeaders(headers, stored?.http.headers, secrets);
    return {
      on: [...new Set(on)],
      http: { url: item.http.url, ...(Object.keys(sealed).length > 0 && { headers: sealed }) },
    };
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    const rename = (text: string) => text.replaceAll('target.http', `${field}.http`);
    throw invalid(rename(error.field), rename(error.message));
  }
}

/**
 * A job's notifications after an update: the ones sent replace the old whole (checked and sealed),
 * `clearNotifications` removes them, neither keeps them; both together are INVALID_ARGUMENT.
 */
export function updatedNotifications(
  job: { notifications?: JobNotification[] },
  input: { notifications?: unknown[]; clearNotifications?: boolean },
  limits: { targets: TargetRules; targetSecrets: TargetSecrets },
): JobNotification[] | undefined {
  if (input.clearNotifications && input.notifications?.length)
    throw invalid('clearNotifications', 'clearNotifications cannot be set together with notifications');
  if (input.clearNotifications) return undefined;
  if (!input.notifications?.length) return job.notifications;
  return checkNotifications(input.notifications, job.notifications, limits.targets, limits.targetSecrets);
}
