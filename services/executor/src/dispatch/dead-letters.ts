import { topology } from '@chrono/contracts';
import { encodeJson, type JetStreamClient } from '@chrono/kit';
import { headers as natsHeaders, type JsMsg } from 'nats';

/**
 * Keeps a copy of a request that can never run (as JSON with its subject, sequence, the reason and
 * the raw bytes in base64) on `deadletter.<consumer>`, where people can look at it.
 */
export class DeadLetters {
  readonly subject: string;

  constructor(
    private readonly js: JetStreamClient,
    private readonly source: { stream: string; consumer: string },
  ) {
    this.subject = `${topology.deadLetters.subjectPrefix}.${source.consumer}`;
  }

  async keep(msg: JsMsg, reason: string): Promise<void> {
    const h = natsHeaders();
    h.set('Chrono-Source-Subject', msg.subject);
    const body = { ...this.source, subject: msg.subject, seq: msg.seq, error: reason, data: Buffer.from(msg.data).toString('base64') };
    await this.js.publish(this.subject, encodeJson(body), { headers: h, msgID: `${this.source.stream}:${this.source.consumer}:${msg.seq}`, timeout: 5000 });
  }
}
