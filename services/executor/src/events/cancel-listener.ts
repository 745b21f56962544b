import { cancelAttempt, controlSubjects } from '@chrono/contracts';
import type { Logger, NatsConnection } from '@chrono/kit';
import type { Subscription } from 'nats';
import type { RunningAttempts } from '../domain/running-attempts';

/**
 * Hears the scheduler's CancelAttempt signals (NATS core, every executor) and aborts the attempt named
 * when this executor runs it. A signal missed while disconnected is not replayed: the attempt then
 * ends by its timeout, and the scheduler has recorded it cancelled already.
 */
export class CancelListener {
  private subscription?: Subscription;

  constructor(
    private readonly nats: NatsConnection,
    private readonly attempts: RunningAttempts,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.subscription = this.nats.subscribe(controlSubjects.cancelAttempt, {
      callback: (error, message) => {
        if (error) return this.log.warn({ err: error }, 'cancel signals: subscription error');
        try {
          const signal = cancelAttempt.CancelAttempt.decode(message.data);
          if (this.attempts.cancel(signal))
            this.log.info({ ...signal }, 'cancelling the attempt, as the scheduler asks');
        } catch (decodeError) {
          this.log.warn({ err: decodeError }, 'undecodable cancel signal ignored');
        }
      },
    });
  }

  stop(): void {
    this.subscription?.unsubscribe();
  }
}
