import { deadLetterSubjectOf } from '@chrono/contracts';
import { publishDeadLetter, type JetStreamClient } from '@chrono/kit';
import type { JsMsg } from 'nats';

/**
 * Keeps a copy of a request that can never run (as JSON with its subject, sequence, the reason and
 * the raw bytes in base64, cut to fit a dead letter) on `deadletter.<consumer>`, where people can look at it.
 */
export class DeadLetters {
  readonly subject: string;

  constructor(
    private readonly js: JetStreamClient,
    private readonly source: { stream: string; consumer: string },
  ) {
    this.subject = deadLetterSubjectOf(source.consumer);
  }

  async keep(msg: JsMsg, reason: string): Promise<void> {
    await publishDeadLetter(this.js, this.subject, this.source, msg, reason);
  }
}
