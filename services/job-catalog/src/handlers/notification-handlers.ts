import type { catalog, jobService } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import type { NotificationService } from '../notifications/notification-service';
import type { DeliveryRow } from '../notifications/notification-store';

type Handler<Req, Res> = (notifications: NotificationService) => UnaryHandler<Req, Res>;

export const listNotificationDeliveries: Handler<
  jobService.ListNotificationDeliveriesRequest,
  jobService.ListNotificationDeliveriesResponse
> = (notifications) => async (request, ctx) => {
  ctx.annotate({ jobId: request.id });
  const page = await notifications.deliveries(ctx.requireUserId(), request.id, request);
  return { ...page, items: page.items.map(toDeliveryMessage) };
};

export const getNotificationSecret: Handler<jobService.GetNotificationSecretRequest, jobService.NotificationSecret> =
  (notifications) => async (_request, ctx) =>
    notifications.secret(ctx.requireUserId());

export const rotateNotificationSecret: Handler<
  jobService.RotateNotificationSecretRequest,
  jobService.NotificationSecret
> = (notifications) => async (_request, ctx) => notifications.rotate(ctx.requireUserId());

function toDeliveryMessage(row: DeliveryRow): catalog.NotificationDelivery {
  return {
    id: row.id,
    jobId: row.jobId,
    event: row.event,
    url: row.url,
    state: row.state,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    createdAt: row.createdAt,
    lastAttemptAt: row.lastAttemptAt,
    executionId: row.executionId,
  };
}
