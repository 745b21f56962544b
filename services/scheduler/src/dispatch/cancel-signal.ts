import { cancelAttempt, controlSubjects } from '@chrono/contracts';
import type { Logger, NatsConnection } from '@chrono/kit';
import type { Schedule } from '../domain/schedule';

/**
 * Tells every executor to abort an attempt the scheduler superseded (overlap policy cancel_previous):
 * a CancelAttempt on NATS core, which only the executor holding the attempt acts on. Fire and forget:
 * a signal lost (no executor connected, or the connection down) leaves the attempt to end by its
 * timeout, and the cancellation is recorded either way.
 */
export function cancelSignal(nats: NatsConnection, log: Logger): (attempt: Schedule) => void {
  return ({ jobId, runId, attempt }) => {
    try {
      nats.publish(
        controlSubjects.cancelAttempt,
        cancelAttempt.CancelAttempt.encode({ jobId, runId, attempt }).finish(),
      );
    } catch (error) {
      log.warn({ err: error, jobId, runId, attempt }, 'could not signal the cancel; the attempt ends by its timeout');
    }
  };
}
